package tftrain.report;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The output of {@code predict}: one row per file as a table, CSV or JSON, with the actual class, the
 * accuracy and a confusion matrix when the input was a labelled ImageFolder.
 */
public final class PredictionReport {

  /** The output formats of {@code --format}. */
  public enum Format { TABLE, CSV, JSON }

  private final List<Prediction> predictions;
  private final List<String> classes;
  private final int[] actual;
  private final int topK;

  /**
   * @param actual the true class per prediction, or null when unknown
   * @param topK how many classes to list per file (1 = only the prediction)
   */
  public PredictionReport(List<Prediction> predictions, List<String> classes, int[] actual, int topK) {
    this.predictions = predictions;
    this.classes = classes;
    this.actual = actual;
    this.topK = Math.max(1, Math.min(topK, classes.size()));
  }

  /** The confusion matrix of the classified files, or null when the input was not labelled. */
  public ConfusionMatrix confusionMatrix() {
    if (actual == null) {
      return null;
    }
    int[] predicted = predictions.stream().mapToInt(Prediction::predictedClass).toArray();
    return ConfusionMatrix.of(classes, actual, predicted);
  }

  public long errorCount() {
    return predictions.stream().filter(Prediction::failed).count();
  }

  public String render(Format format) {
    return switch (format) {
      case TABLE -> table();
      case CSV -> csv();
      case JSON -> JsonFiles.toJson(jsonDocument());
    };
  }

  private String table() {
    int pathWidth = Math.min(60, predictions.stream().mapToInt(p -> p.path().toString().length()).max().orElse(4));
    int classWidth = Math.max(9, classes.stream().mapToInt(String::length).max().orElse(0) + 2);
    StringBuilder text = new StringBuilder();
    text.append(String.format(Locale.ROOT, "%-" + pathWidth + "s  %-" + classWidth + "s %10s",
        "file", "predicted", "confidence"));
    if (actual != null) {
      text.append(String.format(Locale.ROOT, "  %-" + classWidth + "s", "actual"));
    }
    if (topK > 1) {
      text.append("  top ").append(topK);
    }
    text.append('\n');
    for (int i = 0; i < predictions.size(); i++) {
      Prediction prediction = predictions.get(i);
      String path = prediction.path().toString();
      text.append(String.format(Locale.ROOT, "%-" + pathWidth + "s  ", path));
      if (prediction.failed()) {
        text.append("ERROR: ").append(prediction.error()).append('\n');
        continue;
      }
      int predicted = prediction.predictedClass();
      text.append(String.format(Locale.ROOT, "%-" + classWidth + "s %10.4f", quoted(classes.get(predicted)),
          prediction.probabilities()[predicted]));
      if (actual != null) {
        text.append(String.format(Locale.ROOT, "  %-" + classWidth + "s", quoted(classes.get(actual[i]))));
        text.append(actual[i] == predicted ? "" : "  ✗");
      }
      if (topK > 1) {
        text.append("  ");
        List<String> top = new ArrayList<>();
        for (int c : prediction.topClasses(topK)) {
          top.add(String.format(Locale.ROOT, "%s %.4f", classes.get(c), prediction.probabilities()[c]));
        }
        text.append(String.join(", ", top));
      }
      text.append('\n');
    }
    ConfusionMatrix matrix = confusionMatrix();
    text.append(String.format(Locale.ROOT, "%n%d file(s), %d error(s)", predictions.size(), errorCount()));
    if (matrix != null) {
      text.append(String.format(Locale.ROOT, ", accuracy %.4f (%d/%d)%n%n", matrix.accuracy(), matrix.correct(),
          matrix.total()));
      text.append(matrix.format());
    } else {
      text.append('\n');
    }
    return text.toString();
  }

  private static String quoted(String name) {
    return "\"" + name + "\"";
  }

  private String csv() {
    List<String> header = new ArrayList<>(List.of("path", "predicted", "confidence"));
    if (actual != null) {
      header.add("actual");
    }
    for (int k = 1; k <= topK && topK > 1; k++) {
      header.add("top" + k);
      header.add("top" + k + "_probability");
    }
    header.add("error");
    StringWriter text = new StringWriter();
    try (CSVPrinter printer = new CSVPrinter(text, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get())) {
      printer.printRecord(header);
      for (int i = 0; i < predictions.size(); i++) {
        Prediction prediction = predictions.get(i);
        List<Object> row = new ArrayList<>();
        row.add(prediction.path().toString());
        int predicted = prediction.predictedClass();
        row.add(prediction.failed() ? "" : classes.get(predicted));
        row.add(prediction.failed() ? "" : Float.toString(prediction.probabilities()[predicted]));
        if (actual != null) {
          row.add(classes.get(actual[i]));
        }
        if (topK > 1) {
          int[] top = prediction.topClasses(topK);
          for (int k = 0; k < topK; k++) {
            row.add(k < top.length ? classes.get(top[k]) : "");
            row.add(k < top.length ? Float.toString(prediction.probabilities()[top[k]]) : "");
          }
        }
        row.add(prediction.failed() ? prediction.error() : "");
        printer.printRecord(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  private Map<String, Object> jsonDocument() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < predictions.size(); i++) {
      Prediction prediction = predictions.get(i);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("path", prediction.path().toString());
      if (prediction.failed()) {
        row.put("error", prediction.error());
      } else {
        int predicted = prediction.predictedClass();
        row.put("predicted", classes.get(predicted));
        row.put("confidence", prediction.probabilities()[predicted]);
        List<Map<String, Object>> top = new ArrayList<>();
        for (int c : prediction.topClasses(topK)) {
          top.add(Map.of("class", classes.get(c), "probability", prediction.probabilities()[c]));
        }
        row.put("top", top);
      }
      if (actual != null) {
        row.put("actual", classes.get(actual[i]));
      }
      rows.add(row);
    }
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("classes", classes);
    document.put("predictions", rows);
    document.put("errors", errorCount());
    ConfusionMatrix matrix = confusionMatrix();
    if (matrix != null) {
      document.put("accuracy", matrix.accuracy());
      document.put("confusion_matrix", matrix.counts());
    }
    return document;
  }
}
