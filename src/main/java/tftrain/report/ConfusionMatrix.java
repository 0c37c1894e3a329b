package tftrain.report;

import java.util.List;
import java.util.Locale;

/**
 * Counts of actual (rows) against predicted (columns) classes.
 *
 * @param counts counts[actual][predicted]
 */
public record ConfusionMatrix(List<String> classes, long[][] counts) {

  public static ConfusionMatrix of(List<String> classes, int[] actual, int[] predicted) {
    long[][] counts = new long[classes.size()][classes.size()];
    for (int i = 0; i < actual.length; i++) {
      if (predicted[i] >= 0) {
        counts[actual[i]][predicted[i]]++;
      }
    }
    return new ConfusionMatrix(classes, counts);
  }

  public long total() {
    long total = 0;
    for (long[] row : counts) {
      for (long count : row) {
        total += count;
      }
    }
    return total;
  }

  public long correct() {
    long correct = 0;
    for (int i = 0; i < counts.length; i++) {
      correct += counts[i][i];
    }
    return correct;
  }

  public double accuracy() {
    return total() == 0 ? Double.NaN : (double) correct() / total();
  }

  /** A text table: one row per actual class, one column per predicted class. */
  public String format() {
    String corner = "actual\\pred";
    int width = Math.max(corner.length(), classes.stream().mapToInt(String::length).max().orElse(0)) + 2;
    StringBuilder text = new StringBuilder();
    text.append(String.format(Locale.ROOT, "%-" + width + "s", corner));
    for (String name : classes) {
      text.append(String.format(Locale.ROOT, "%" + width + "s", name));
    }
    text.append('\n');
    for (int row = 0; row < classes.size(); row++) {
      text.append(String.format(Locale.ROOT, "%-" + width + "s", classes.get(row)));
      for (int column = 0; column < classes.size(); column++) {
        text.append(String.format(Locale.ROOT, "%" + width + "d", counts[row][column]));
      }
      text.append('\n');
    }
    return text.toString();
  }
}
