package tftrain.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tftrain.io.AtomicFiles;

/**
 * The two learning-curve pictures a run leaves in its output folder, {@code loss.png} (train_loss and
 * val_loss per epoch) and {@code accuracy.png} (train_acc and val_acc), the charts the original PyTorch
 * script drew with matplotlib. Rewritten after every epoch, so they always show the run so far.
 */
public final class TrainingCharts {

  /** File name of the loss chart inside the output folder. */
  public static final String LOSS_FILE = "loss.png";

  /** File name of the accuracy chart inside the output folder. */
  public static final String ACCURACY_FILE = "accuracy.png";

  private static final int WIDTH = 800;
  private static final int HEIGHT = 600;

  private TrainingCharts() {}

  /**
   * Writes {@code loss.png} and {@code accuracy.png} into {@code outputDir}, each atomically. Works without
   * a display (servers, containers, CI) and with a single epoch.
   *
   * @param history one entry per finished epoch, in epoch order; nothing is written if it is empty
   * @throws UncheckedIOException if a file cannot be written
   */
  public static void write(List<EpochMetrics> history, Path outputDir) {
    if (history.isEmpty()) {
      return;
    }
    HeadlessAwt.useUnlessChosen();
    XYChart loss =
        chart("Training and validation loss", "loss", LegendPosition.InsideNE, history,
            "train_loss", EpochMetrics::trainLoss, "val_loss", EpochMetrics::valLoss);
    // Accuracy climbs towards the top right, so its legend goes bottom right, out of the curves' way.
    XYChart accuracy =
        chart("Training and validation accuracy", "acc", LegendPosition.InsideSE, history,
            "train_acc", EpochMetrics::trainAccuracy, "val_acc", EpochMetrics::valAccuracy);
    save(loss, outputDir.resolve(LOSS_FILE));
    save(accuracy, outputDir.resolve(ACCURACY_FILE));
  }

  private static XYChart chart(
      String title,
      String yAxisTitle,
      LegendPosition legendPosition,
      List<EpochMetrics> history,
      String trainName,
      ToDoubleFunction<EpochMetrics> train,
      String valName,
      ToDoubleFunction<EpochMetrics> val) {
    XYChart chart =
        new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
            .xAxisTitle("epoch").yAxisTitle(yAxisTitle).build();
    chart.getStyler().setLegendPosition(legendPosition);
    // XChart's default pattern prints 0.05 as ".05".
    chart.getStyler().setYAxisDecimalPattern("0.0##");
    // Epochs are whole numbers; leave fractional ticks such as 2.5 unlabeled instead of printing them.
    chart.getStyler().setxAxisTickLabelsFormattingFunction(
        x -> x == Math.rint(x) ? Long.toString(Math.round(x)) : "");
    double[] epochs = history.stream().mapToDouble(EpochMetrics::epoch).toArray();
    addSeries(chart, trainName, epochs, values(history, train));
    addSeries(chart, valName, epochs, values(history, val));
    return chart;
  }

  /**
   * A diverged run logs an infinite loss, and XChart refuses to draw infinity; as NaN it becomes a gap in
   * the curve, so the chart still shows the epochs before things went wrong.
   */
  private static double[] values(List<EpochMetrics> history, ToDoubleFunction<EpochMetrics> metric) {
    return history.stream().mapToDouble(metric).map(v -> Double.isFinite(v) ? v : Double.NaN).toArray();
  }

  private static void addSeries(XYChart chart, String name, double[] epochs, double[] values) {
    XYSeries series = chart.addSeries(name, epochs, values);
    // A marker on every epoch keeps a one-epoch run visible: a line needs two points.
    series.setMarker(SeriesMarkers.CIRCLE);
  }

  private static void save(XYChart chart, Path target) {
    try {
      AtomicFiles.writeFile(target, out -> BitmapEncoder.saveBitmap(chart, out, BitmapFormat.PNG));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage(), e);
    }
  }
}
