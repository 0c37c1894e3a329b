package tftrain.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TString;
import tftrain.TensorFlowErrors;
import tftrain.model.OpNames;
import tftrain.runtime.GraphSession;

/**
 * Turns planned batches of files into {@link DecodedBatch}es with {@link ImagePreprocessing} in a graph
 * of its own, so decoding can run on another thread while the network trains.
 *
 * <p>A file that fails to decode does not stop the run: the batch is decoded again file by file to find
 * the culprits, each is reported once to {@code onBadImage} and left out of this and every later batch.
 */
public final class BatchDecoder implements AutoCloseable {

  private final GraphSession owner = new GraphSession();
  private final Session session;
  private final Placeholder<TString> files;
  private final Placeholder<TBool> flips;
  private final Operand<TFloat32> plainImages;
  private final Operand<TFloat32> augmentedImages;
  /** With a cache: a batch assembled from cached and freshly decoded images, and it flipped. */
  private final Placeholder<TFloat32> readyImages;
  private final Operand<TFloat32> flippedReadyImages;
  private final DecodedImageCache cache;
  private final Consumer<BadImage> onBadImage;
  private final int imageSize;
  private final Set<Path> badFiles = ConcurrentHashMap.newKeySet();
  private final List<BadImage> badImages = Collections.synchronizedList(new ArrayList<>());

  public BatchDecoder(
      PreprocessingSpec spec,
      Augmentation augmentation,
      int parallelism,
      ConfigProto sessionConfig,
      Consumer<BadImage> onBadImage) {
    this(spec, augmentation, parallelism, sessionConfig, onBadImage, null);
  }

  /**
   * A decoder that first looks each file up in {@code cache} (null: none) and stores what it decodes there,
   * so only files not seen before are decoded.
   */
  public BatchDecoder(
      PreprocessingSpec spec,
      Augmentation augmentation,
      int parallelism,
      ConfigProto sessionConfig,
      Consumer<BadImage> onBadImage,
      DecodedImageCache cache) {
    this.onBadImage = onBadImage;
    this.imageSize = spec.imageSize();
    this.cache = cache;
    try (GraphSession.Building building = owner.build()) {
      Ops tf = building.ops();
      files = tf.withName(OpNames.IMAGE_BYTES).placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
      flips = tf.withName(OpNames.FLIP).placeholder(TBool.class, Placeholder.shape(Shape.of(-1)));
      plainImages = ImagePreprocessing.decodeBatch(tf, files, spec, parallelism);
      augmentedImages = ImagePreprocessing.flip(tf, plainImages, flips, augmentation);
      readyImages = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, imageSize, imageSize, 3)));
      flippedReadyImages = ImagePreprocessing.flip(tf, readyImages, flips, augmentation);
      session = building.start(sessionConfig);
    }
  }

  /** Decodes a batch; returns null when none of its files could be decoded. */
  public DecodedBatch decode(PlannedBatch planned, boolean augment) {
    return cache == null ? decodeAll(planned, augment) : decodeThroughCache(planned, augment);
  }

  private DecodedBatch decodeAll(PlannedBatch planned, boolean augment) {
    List<ImageSample> samples = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    List<Boolean> flipFlags = new ArrayList<>();
    for (int i = 0; i < planned.samples().size(); i++) {
      ImageSample sample = planned.samples().get(i);
      if (badFiles.contains(sample.path())) {
        continue;
      }
      byte[] bytes = read(sample);
      if (bytes != null) {
        samples.add(sample);
        contents.add(bytes);
        flipFlags.add(planned.flips()[i]);
      }
    }
    if (samples.isEmpty()) {
      return null;
    }
    return TensorFlowErrors.orItemByItem(
        () -> run(samples, contents, flipFlags, augment),
        () -> decodeAroundBadFiles(samples, contents, flipFlags, augment));
  }

  /**
   * The batch from the cache where it has the files, decoding (and caching) only the others, then flipped
   * like a decoded batch. Rows keep the planned order.
   */
  private DecodedBatch decodeThroughCache(PlannedBatch planned, boolean augment) {
    int bytesPerImage = (int) cache.bytesPerImage();
    List<ImageSample> candidates = new ArrayList<>();
    List<Boolean> candidateFlips = new ArrayList<>();
    for (int i = 0; i < planned.samples().size(); i++) {
      if (!badFiles.contains(planned.samples().get(i).path())) {
        candidates.add(planned.samples().get(i));
        candidateFlips.add(planned.flips()[i]);
      }
    }
    // Each file's entry is named once, before its bytes are read: the lookup and the store after decoding
    // use the same one.
    Path[] entries = new Path[candidates.size()];
    byte[][] pixels = new byte[candidates.size()][];
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      entries[i] = cache.entryFor(candidates.get(i).path());
      byte[] cached = new byte[bytesPerImage];
      if (cache.read(entries[i], cached, 0)) {
        pixels[i] = cached;
      } else {
        missing.add(i);
      }
    }
    decodeMissing(candidates, missing, entries, pixels, bytesPerImage);
    List<ImageSample> samples = new ArrayList<>();
    List<Boolean> flipFlags = new ArrayList<>();
    List<byte[]> rows = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      if (pixels[i] != null) {
        samples.add(candidates.get(i));
        flipFlags.add(candidateFlips.get(i));
        rows.add(pixels[i]);
      }
    }
    return samples.isEmpty() ? null : assemble(samples, flipFlags, rows, augment);
  }

  /** Decodes the candidates at {@code missing} (reading their files), stores each as its entry, fills their pixels. */
  private void decodeMissing(
      List<ImageSample> candidates, List<Integer> missing, Path[] entries, byte[][] pixels, int bytesPerImage) {
    List<ImageSample> samples = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    List<Integer> slots = new ArrayList<>();
    for (int i : missing) {
      byte[] bytes = read(candidates.get(i));
      if (bytes != null) {
        samples.add(candidates.get(i));
        contents.add(bytes);
        slots.add(i);
      }
    }
    if (samples.isEmpty()) {
      return;
    }
    List<Boolean> noFlips = Collections.nCopies(samples.size(), false);
    try (DecodedBatch decoded = TensorFlowErrors.orItemByItem(
        () -> run(samples, contents, noFlips, false),
        () -> decodeAroundBadFiles(samples, contents, noFlips, false))) {
      if (decoded == null) {
        return;
      }
      var data = decoded.images().asRawTensor().data();
      // The decoded rows are the samples that decoded, in order: walk both lists together.
      int next = 0;
      for (int row = 0; row < decoded.samples().size(); row++) {
        while (samples.get(next) != decoded.samples().get(row)) {
          next++;
        }
        int slot = slots.get(next++);
        byte[] image = new byte[bytesPerImage];
        data.slice((long) row * bytesPerImage, bytesPerImage).read(image);
        cache.write(entries[slot], image, 0);
        pixels[slot] = image;
      }
    }
  }

  /** The rows' pixels as a batch, flipped through the graph when augmenting. */
  private DecodedBatch assemble(
      List<ImageSample> samples, List<Boolean> flipFlags, List<byte[]> rows, boolean augment) {
    int[] labelArray = samples.stream().mapToInt(ImageSample::label).toArray();
    TFloat32 images = TFloat32.tensorOf(Shape.of(rows.size(), imageSize, imageSize, 3));
    boolean imagesHandedOver = false;
    TInt32 labels = null;
    try {
      var data = images.asRawTensor().data();
      for (int row = 0; row < rows.size(); row++) {
        byte[] pixels = rows.get(row);
        data.slice((long) row * pixels.length, pixels.length).write(pixels);
      }
      labels = TInt32.vectorOf(labelArray);
      if (!augment || !flipFlags.contains(true)) {
        DecodedBatch batch = DecodedBatch.of(images, labels, List.copyOf(samples));
        imagesHandedOver = true;
        labels = null;
        return batch;
      }
      boolean[] flipArray = new boolean[flipFlags.size()];
      for (int i = 0; i < flipArray.length; i++) {
        flipArray[i] = flipFlags.get(i);
      }
      Result result;
      try (TBool flipTensor = TBool.vectorOf(flipArray)) {
        result = session.runner().feed(readyImages, images).feed(flips, flipTensor).fetch(flippedReadyImages).run();
      }
      DecodedBatch batch = new DecodedBatch(result, labels, List.copyOf(samples));
      labels = null;
      return batch;
    } finally {
      // The flipped batch holds a new tensor: the assembled one is not needed past the run.
      if (!imagesHandedOver) {
        images.close();
      }
      if (labels != null) {
        labels.close();
      }
    }
  }

  /** A batch of no images, for a step whose files all failed to decode but must still run. */
  public DecodedBatch emptyBatch() {
    return DecodedBatch.empty(imageSize);
  }

  /** Every file found bad so far, in the order found. */
  public List<BadImage> badImages() {
    synchronized (badImages) {
      return List.copyOf(badImages);
    }
  }

  private DecodedBatch decodeAroundBadFiles(
      List<ImageSample> samples, List<byte[]> contents, List<Boolean> flipFlags, boolean augment) {
    List<ImageSample> goodSamples = new ArrayList<>();
    List<byte[]> goodContents = new ArrayList<>();
    List<Boolean> goodFlips = new ArrayList<>();
    TensorFlowErrors.forEachAlone(
        IntStream.range(0, samples.size()).boxed().toList(),
        i -> {
          run(List.of(samples.get(i)), List.of(contents.get(i)), List.of(false), false).close();
          goodSamples.add(samples.get(i));
          goodContents.add(contents.get(i));
          goodFlips.add(flipFlags.get(i));
        },
        (i, reason) -> markBad(samples.get(i), reason));
    return goodSamples.isEmpty() ? null : run(goodSamples, goodContents, goodFlips, augment);
  }

  private DecodedBatch run(List<ImageSample> samples, List<byte[]> contents, List<Boolean> flipFlags, boolean augment) {
    boolean[] flipArray = new boolean[flipFlags.size()];
    int[] labelArray = new int[samples.size()];
    for (int i = 0; i < samples.size(); i++) {
      flipArray[i] = flipFlags.get(i);
      labelArray[i] = samples.get(i).label();
    }
    TInt32 labels = TInt32.vectorOf(labelArray);
    try (TString fileTensor = TString.tensorOfBytes(NdArrays.vectorOfObjects(contents.toArray(byte[][]::new)));
        TBool flipTensor = TBool.vectorOf(flipArray)) {
      Result result =
          session
              .runner()
              .feed(files, fileTensor)
              .feed(flips, flipTensor)
              .fetch(augment ? augmentedImages : plainImages)
              .run();
      return new DecodedBatch(result, labels, List.copyOf(samples));
    } catch (RuntimeException e) {
      labels.close();
      throw e;
    }
  }

  private byte[] read(ImageSample sample) {
    try {
      byte[] bytes = Files.readAllBytes(sample.path());
      if (bytes.length == 0) {
        markBad(sample, "empty file");
        return null;
      }
      return bytes;
    } catch (IOException e) {
      markBad(sample, "cannot read: " + e.getMessage());
      return null;
    }
  }

  private void markBad(ImageSample sample, String reason) {
    if (badFiles.add(sample.path())) {
      BadImage bad = new BadImage(sample.path(), reason);
      badImages.add(bad);
      onBadImage.accept(bad);
    }
  }

  @Override
  public void close() {
    owner.close();
  }
}
