package tftrain.data;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Operand;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Case;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.data.ParallelMapDataset;
import org.tensorflow.op.image.DecodeImage;
import org.tensorflow.op.image.DecodeJpeg;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * Image files to network input, in TensorFlow ops. The training pipeline, evaluation and the exported
 * serving graph all call {@link #decodeBatch}, so no two of them can preprocess differently.
 */
public final class ImagePreprocessing {

  private ImagePreprocessing() {}

  /**
   * Encoded files [N] (JPEG, PNG, BMP or GIF of any size) to normalized images [N, S, S, 3]. Each file is
   * decoded by a map over a tf.data slice dataset, so the batch needs no common size before the crop.
   *
   * @param parallelism how many files decode at once
   */
  public static Operand<TFloat32> decodeBatch(
      Ops tf, Operand<TString> files, PreprocessingSpec spec, int parallelism) {
    return decodeBatch(tf, files, spec, parallelism, true);
  }

  /**
   * As {@link #decodeBatch(Ops, Operand, PreprocessingSpec, int)}; {@code scaleLargeJpegs} false decodes
   * every file at full size, the reference the reduced decode is tested against.
   */
  static Operand<TFloat32> decodeBatch(
      Ops tf, Operand<TString> files, PreprocessingSpec spec, int parallelism, boolean scaleLargeJpegs) {
    Ops scope = tf.withSubScope("preprocess");
    Shape imageShape = Shape.of(spec.imageSize(), spec.imageSize(), 3);
    List<Class<? extends TType>> types = List.of(TFloat32.class);
    List<Shape> shapes = List.of(imageShape);
    Operand<TInt64> count = scope.dtypes.cast(scope.shape(files), TInt64.class);
    var slices = scope.data.tensorSliceDataset(List.of(files), List.of(Shape.scalar()));
    ParallelMapDataset decoded;
    // The map op copies the function into this graph's library, so the function's own graph can go.
    try (ConcreteFunction decodeOne =
        ConcreteFunction.create(
            fn -> {
              Placeholder<TString> file = fn.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
              return Signature.builder()
                  .input("file", file)
                  .output("image", decodeOne(fn, file, spec, scaleLargeJpegs))
                  .build();
            })) {
      decoded =
          scope.data.parallelMapDataset(
              slices,
              List.of(),
              scope.constant((long) Math.max(1, parallelism)),
              decodeOne,
              types,
              shapes,
              ParallelMapDataset.deterministic("true"));
    }
    var batched =
        scope.data.batchDataset(
            decoded,
            scope.reshape(count, scope.constant(new int[0])),
            scope.constant(false),
            types,
            List.of(Shape.of(-1, spec.imageSize(), spec.imageSize(), 3)));
    // The session's inter-op pool, which tf.data would run the map on, is process-wide and sized by the
    // first session the process made: one thread after a training or inference session (inter-op 1). A
    // pool of the dataset's own lets the files decode in parallel in every graph, the exported one too.
    var ownThreads =
        scope.data.privateThreadPoolDataset(
            batched,
            scope.constant((long) Math.max(1, parallelism)),
            types,
            List.of(Shape.of(-1, spec.imageSize(), spec.imageSize(), 3)));
    var single =
        scope.data.datasetToSingleElement(
            ownThreads, types, List.of(Shape.of(-1, spec.imageSize(), spec.imageSize(), 3)));
    @SuppressWarnings("unchecked")
    Operand<TFloat32> images = (Operand<TFloat32>) single.components().get(0);
    return tf.withName("preprocessed_images").identity(images);
  }

  /**
   * One encoded file to [S, S, 3]: decode to 3 channels (grayscale and CMYK too), scale the shorter side
   * to {@code resize} with half-pixel centres, crop the centre, normalize.
   */
  static Operand<TFloat32> decodeOne(Ops tf, Operand<TString> file, PreprocessingSpec spec, boolean scaleLargeJpegs) {
    // The header check comes first, so an oversized file fails before the decoder allocates its pixels.
    PixelLimitOps.Checked checked = PixelLimitOps.check(tf, file, spec.maxPixels(), spec.resize());
    Operand<TUint8> decoded = scaleLargeJpegs ? decodeScaled(tf, checked, spec.resize())
        : tf.image.decodeImage(checked.file(), TUint8.class, DecodeImage.channels(3L),
            DecodeImage.expandAnimations(false));
    Operand<TFloat32> heightWidth =
        tf.dtypes.cast(tf.slice(tf.shape(decoded), tf.constant(new int[] {0}), tf.constant(new int[] {2})),
            TFloat32.class);
    Operand<TFloat32> scale =
        tf.math.div(tf.constant((float) spec.resize()), tf.min(heightWidth, tf.constant(0)));
    Operand<TInt32> newSize = tf.dtypes.cast(tf.math.floor(tf.math.mul(heightWidth, scale)), TInt32.class);
    // The shorter side must land on exactly `resize` whatever the float rounding did.
    newSize = tf.math.maximum(newSize, tf.constant(spec.resize()));
    // Straight from uint8: the kernel reads each pixel as float, exactly what a cast first would give,
    // without a float copy of the whole picture.
    Operand<TFloat32> resized =
        tf.image.resizeBilinear(
            tf.expandDims(decoded, tf.constant(0)), newSize, ResizeBilinear.halfPixelCenters(true));
    Operand<TInt32> offset =
        tf.dtypes.cast(
            tf.math.round(
                tf.math.div(
                    tf.dtypes.cast(tf.math.sub(newSize, tf.constant(spec.imageSize())), TFloat32.class),
                    tf.constant(2f))),
            TInt32.class);
    Operand<TFloat32> cropped =
        tf.slice(
            resized,
            tf.concat(List.of(tf.constant(new int[] {0}), offset, tf.constant(new int[] {0})), tf.constant(0)),
            tf.constant(new int[] {1, spec.imageSize(), spec.imageSize(), 3}));
    Operand<TFloat32> image =
        tf.reshape(cropped, tf.constant(new int[] {spec.imageSize(), spec.imageSize(), 3}));
    // (x / 255 - mean) / std as one multiply-add per pixel: x · 1/(255·std) + (-mean/std).
    Normalization normalization = spec.normalization();
    float[] pixelScale = new float[3];
    float[] shift = new float[3];
    for (int c = 0; c < 3; c++) {
      pixelScale[c] = 1f / (255f * normalization.std()[c]);
      shift[c] = -normalization.mean()[c] / normalization.std()[c];
    }
    if (sameForEveryChannel(pixelScale) && sameForEveryChannel(shift)) {
      // Scalars where the channels agree (the default, HALF): the same multiply and add per pixel, but
      // Eigen's broadcast of a 3-vector over [S, S, 3] copies blocks and took ~23 % of the pipeline's CPU.
      return tf.math.add(tf.math.mul(image, tf.constant(pixelScale[0])), tf.constant(shift[0]));
    }
    return tf.math.add(tf.math.mul(image, tf.constant(pixelScale)), tf.constant(shift));
  }

  private static boolean sameForEveryChannel(float[] values) {
    return values[0] == values[1] && values[1] == values[2];
  }

  /**
   * The file's pixels [H, W, 3], a large JPEG at 1/2, 1/4 or 1/8 of its size: libjpeg then skips most of
   * the inverse DCT, colour conversion and upsampling (a 4000×3000 photo becomes 500×375). The largest
   * ratio is chosen whose shorter side, ceil(side / ratio) as libjpeg rounds it, stays at least
   * {@code resize}, so the bilinear resize after still only shrinks, from a picture that DCT scaling has
   * already averaged down. Other formats, and JPEGs too small for ratio 2, take the plain decode, so their
   * pixels are exactly what they were before this existed.
   *
   * <p>{@code ratio} is an attribute, so the choice is a {@code StatelessCase} over one function per
   * decoder: only the chosen one runs.
   */
  private static Operand<TUint8> decodeScaled(Ops tf, PixelLimitOps.Checked checked, int resize) {
    Operand<TInt32> branch = jpegScaleBranch(tf, checked.isJpeg(), checked.width(), checked.height(), resize);
    List<ConcreteFunction> branches = new ArrayList<>();
    try {
      branches.add(decoderFunction((fileOps, file) -> fileOps.image.decodeImage(
          file, TUint8.class, DecodeImage.channels(3L), DecodeImage.expandAnimations(false))));
      for (int k = 1; k < JPEG_RATIOS.length; k++) {
        long ratio = JPEG_RATIOS[k];
        branches.add(decoderFunction((fileOps, file) -> fileOps.image.decodeJpeg(
            file, DecodeJpeg.channels(3L), DecodeJpeg.ratio(ratio))));
      }
      // The op copies each branch into the graph's function library, so the Java objects can go.
      @SuppressWarnings("unchecked")
      Operand<TUint8> decoded = (Operand<TUint8>) tf.statelessCase(branch, List.of(checked.file()),
          List.of(TUint8.class), branches, Case.outputShapes(Shape.of(-1, -1, 3))).output().get(0);
      return decoded;
    } finally {
      branches.forEach(ConcreteFunction::close);
    }
  }

  /**
   * The decoder branch for a file: k decodes a JPEG at ratio 2^k, 0 is the plain decode (every other
   * format, and JPEGs whose shorter side would drop below {@code resize} at ratio 2).
   */
  static Operand<TInt32> jpegScaleBranch(
      Ops tf, Operand<TBool> isJpeg, Operand<TInt64> width, Operand<TInt64> height, int resize) {
    Operand<TInt64> shorterSide = tf.math.minimum(width, height);
    // ceil(side / r) >= resize exactly when side >= (resize - 1) · r + 1; the conditions nest, so their
    // count is the largest ratio that fits.
    Operand<TInt32> branch = tf.constant(0);
    for (int k = 1; k < JPEG_RATIOS.length; k++) {
      Operand<TBool> fits = tf.math.logicalAnd(isJpeg,
          tf.math.greaterEqual(shorterSide, tf.constant((long) (resize - 1) * JPEG_RATIOS[k] + 1)));
      branch = tf.math.add(branch, tf.dtypes.cast(fits, TInt32.class));
    }
    return branch;
  }

  /** libjpeg's DCT scaling denominators, indexed by the case branch that decodes at each. */
  private static final int[] JPEG_RATIOS = {1, 2, 4, 8};

  /** A function from one encoded file (its only placeholder) to its decoded pixels. */
  private static ConcreteFunction decoderFunction(
      java.util.function.BiFunction<Ops, Operand<TString>, Operand<TUint8>> decoder) {
    return ConcreteFunction.create(fileOps -> {
      Placeholder<TString> file = fileOps.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
      return Signature.builder().input("file", file).output("pixels", decoder.apply(fileOps, file)).build();
    });
  }

  /**
   * Flips the images [N, S, S, 3] whose flag in {@code flip} [N] is set, along the augmentation's axis.
   * The flags come from the caller's seeded generator, so an epoch's augmentation is reproducible.
   */
  public static Operand<TFloat32> flip(
      Ops tf, Operand<TFloat32> images, Operand<TBool> flip, Augmentation augmentation) {
    if (augmentation == Augmentation.NONE) {
      return images;
    }
    Operand<TFloat32> flipped = tf.reverse(images, tf.constant(new int[] {augmentation.axis()}));
    // SelectV2 broadcasts from the trailing dimensions: give the flags shape [N, 1, 1, 1].
    var perImage = tf.reshape(flip, tf.constant(new int[] {-1, 1, 1, 1}));
    return tf.withName("augmented_images").select(perImage, flipped, images);
  }
}
