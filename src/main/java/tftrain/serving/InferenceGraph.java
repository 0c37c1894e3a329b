package tftrain.serving;

import java.io.IOException;
import java.nio.file.Path;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import tftrain.data.ImagePreprocessing;
import tftrain.io.AtomicFiles;
import tftrain.model.AlexNet;
import tftrain.model.OpNames;
import tftrain.runtime.GraphSession;
import tftrain.runtime.WeightsRestore;

/**
 * The serving graph: encoded image files in, class probabilities out, with the training preprocessing
 * inside. The same {@link AlexNet#build} as training (without dropout) gives the same variable names, so
 * weights restore from a training checkpoint or another bundle by name; momentum slots are not part of
 * it, which halves the size on disk.
 *
 * <p>The float input {@link OpNames#IMAGES} is a placeholder whose default is the decoded files: feeding
 * it skips decoding, which gives the second signature without building the network twice.
 */
public final class InferenceGraph implements AutoCloseable {

  private final ModelMetadata metadata;
  private final GraphSession owner = new GraphSession();
  private final Session session;
  private final Placeholder<TString> imageBytes;
  private final Operand<TFloat32> images;
  private final Operand<TFloat32> probabilities;
  private final Operand<TInt64> classes;

  public InferenceGraph(ModelMetadata metadata, int decodeParallelism, ConfigProto sessionConfig) {
    this.metadata = metadata;
    try (GraphSession.Building building = owner.build()) {
      Ops tf = building.ops();
      int size = metadata.imageSize();
      imageBytes = tf.withName(OpNames.IMAGE_BYTES).placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
      Operand<TFloat32> decoded =
          ImagePreprocessing.decodeBatch(tf, imageBytes, metadata.preprocessing(), decodeParallelism);
      images = tf.withName(OpNames.IMAGES).placeholderWithDefault(decoded, Shape.of(-1, size, size, 3));
      AlexNet.Network network = AlexNet.build(tf, images, metadata.modelSpec(), null);
      probabilities = AlexNet.probabilities(tf, network.logits());
      classes = AlexNet.predictedClasses(tf, network.logits());
      session = building.start(sessionConfig);
    }
  }

  /** Loads the network's weights from a checkpoint prefix (a training checkpoint or a bundle's variables). */
  public void restore(String checkpointPrefix) {
    WeightsRestore.restore(session, checkpointPrefix);
  }

  /**
   * Writes a SavedModel with both signatures and {@code weightsMetadata} (these weights' epoch and
   * accuracy) to {@code target}, atomically: the bundle appears complete or not at all, and a previous
   * bundle there stays until the new one is in place.
   */
  public void export(Path target, ModelMetadata weightsMetadata) throws IOException {
    export(target, weightsMetadata, () -> {});
  }

  /**
   * As {@link #export(Path, ModelMetadata)}, running {@code beforeSwap} once the bundle is written, before it
   * replaces the target.
   */
  public void export(Path target, ModelMetadata weightsMetadata, Runnable beforeSwap) throws IOException {
    AtomicFiles.replaceDirectory(
        target,
        folder -> {
          SavedModelBundle.exporter(folder.toString())
              .withSession(session)
              .withSignature(bytesSignature())
              .withSignature(floatSignature())
              .export();
          weightsMetadata.writeTo(folder);
          beforeSwap.run();
        });
  }

  /** Class probabilities [N, classes] for already preprocessed images [N, S, S, 3] (the float path). */
  public TFloat32 probabilitiesOf(TFloat32 preprocessedImages) {
    try (Result result =
        session.runner().feed(images, preprocessedImages).fetch(probabilities).run()) {
      TFloat32 output = (TFloat32) result.get(0);
      TFloat32 copy = TFloat32.tensorOf(output.shape());
      output.copyTo(copy);
      return copy;
    }
  }

  /** {@code serving_default}: encoded files [N] to probabilities [N, classes] and class indices [N]. */
  public Signature bytesSignature() {
    return predictSignature(OpNames.BYTES_SIGNATURE, OpNames.IMAGE_BYTES, imageBytes);
  }

  /** {@code preprocessed}: normalized float images [N, S, S, 3] to the same outputs. */
  public Signature floatSignature() {
    return predictSignature(OpNames.FLOAT_SIGNATURE, OpNames.IMAGES, images);
  }

  private Signature predictSignature(String key, String inputName, Operand<?> input) {
    return Signature.builder(key)
        .methodName(OpNames.PREDICT_METHOD)
        .input(inputName, input)
        .output(OpNames.PROBABILITIES, probabilities)
        .output(OpNames.CLASSES, classes)
        .build();
  }

  public ModelMetadata metadata() {
    return metadata;
  }

  @Override
  public void close() {
    owner.close();
  }
}
