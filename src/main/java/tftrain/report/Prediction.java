package tftrain.report;

import java.nio.file.Path;
import java.util.stream.IntStream;

/**
 * The model's answer for one file: class probabilities in label order, or why the file could not be
 * classified (then {@code probabilities} is null).
 */
public record Prediction(Path path, float[] probabilities, String error) {

  public boolean failed() {
    return probabilities == null;
  }

  /** The most probable class index, or -1 for a failed file. */
  public int predictedClass() {
    if (failed()) {
      return -1;
    }
    int best = 0;
    for (int i = 1; i < probabilities.length; i++) {
      if (probabilities[i] > probabilities[best]) {
        best = i;
      }
    }
    return best;
  }

  /** Class indices by falling probability, at most {@code k}. */
  public int[] topClasses(int k) {
    if (failed()) {
      return new int[0];
    }
    return IntStream.range(0, probabilities.length)
        .boxed()
        .sorted((a, b) -> Float.compare(probabilities[b], probabilities[a]))
        .limit(k)
        .mapToInt(Integer::intValue)
        .toArray();
  }
}
