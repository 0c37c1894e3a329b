package tftrain.serving;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * The README's "use the model from a Java service": a tftrain export classified with plain TensorFlow Java
 * (tensorflow-core-api and its native), no tftrain class. The export decodes, resizes and normalizes
 * inside its graph, so a service sends the image file's bytes as they are. {@code ServingFromPlainJavaTest}
 * runs this class in a JVM without tftrain on the classpath.
 */
public final class ServingFromPlainJavaExample implements AutoCloseable {

  private final SavedModelBundle model;
  private final List<String> labels;

  /** Loads the export once; a service keeps it and classifies from many threads. */
  public ServingFromPlainJavaExample(Path exportDir) throws IOException {
    model = SavedModelBundle.load(exportDir.toString(), "serve");
    labels = Files.readAllLines(exportDir.resolve("assets.extra/labels.txt"));
  }

  /** The most probable class of an encoded image (JPEG, PNG, BMP or GIF bytes) and its probability. */
  public String classify(byte[] imageBytes) {
    try (TString input = TString.tensorOfBytes(NdArrays.vectorOfObjects(imageBytes));
        Result result = model.function("serving_default").call(Map.of("image_bytes", input))) {
      int best = (int) ((TInt64) result.get("classes").orElseThrow()).getLong(0);
      float probability = ((TFloat32) result.get("probabilities").orElseThrow()).getFloat(0, best);
      return labels.get(best) + " " + probability;
    }
  }

  @Override
  public void close() {
    model.close();
  }

  /** {@code EXPORT_DIR IMAGE...}: prints "IMAGE LABEL PROBABILITY" per image. */
  public static void main(String[] args) throws IOException {
    try (ServingFromPlainJavaExample classifier = new ServingFromPlainJavaExample(Path.of(args[0]))) {
      for (int i = 1; i < args.length; i++) {
        System.out.println(args[i] + " " + classifier.classify(Files.readAllBytes(Path.of(args[i]))));
      }
    }
  }
}
