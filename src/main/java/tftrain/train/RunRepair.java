package tftrain.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tftrain.BadInputException;
import tftrain.data.TrainValData;
import tftrain.report.EpochMetrics;
import tftrain.report.EventFiles;
import tftrain.report.JsonFiles;
import tftrain.report.MetricsCsv;
import tftrain.report.TensorBoardWriter;
import tftrain.report.TrainingCharts;
import tftrain.runtime.TensorFlowRuntime;

/**
 * Brings a run's derived files up to its checkpoint. The checkpoint is the commit point and is written
 * before the charts, the TensorBoard events and {@code summary.json}, so a kill right after it leaves those
 * an epoch behind; the checkpoint's history has every number they show, so they are rebuilt from it.
 */
public final class RunRepair {

  /** The TensorBoard tag that marks an epoch as written. */
  private static final String EPOCH_TAG = "accuracy/val";

  private RunRepair() {}

  /**
   * Rewrites whatever is behind {@code state}: metrics rows, charts, missing TensorBoard epochs, the summary.
   * Call with the run's lock held.
   *
   * @return the names of the files repaired (empty when all were up to date)
   */
  public static List<String> repair(Path runDir, TrainingState state, TrainValData data) throws IOException {
    List<EpochMetrics> history = state.history();
    List<String> repaired = new ArrayList<>();
    if (history.isEmpty()) {
      return repaired;
    }
    Path csv = runDir.resolve(Trainer.METRICS_FILE);
    boolean metricsBehind;
    try {
      metricsBehind = !MetricsCsv.read(csv).equals(history);
    } catch (BadInputException malformed) {
      metricsBehind = true;
    }
    if (metricsBehind) {
      MetricsCsv.writeAll(csv, history);
      repaired.add(Trainer.METRICS_FILE);
    }
    if (metricsBehind || !Files.exists(runDir.resolve(TrainingCharts.LOSS_FILE))
        || !Files.exists(runDir.resolve(TrainingCharts.ACCURACY_FILE))) {
      TrainingCharts.write(history, runDir);
      repaired.add("charts");
    }
    Path events = runDir.resolve(Trainer.EVENTS_FOLDER);
    Set<Long> written = EventFiles.stepsWithTag(events, EPOCH_TAG);
    List<EpochMetrics> missing = history.stream().filter(m -> !written.contains((long) m.epoch())).toList();
    if (!missing.isEmpty()) {
      try (TensorBoardWriter writer = new TensorBoardWriter(events)) {
        missing.forEach(writer::write);
      }
      repaired.add(Trainer.EVENTS_FOLDER + "/");
    }
    Path summaryFile = runDir.resolve(Trainer.SUMMARY_FILE);
    RunSummary previous = readSummary(summaryFile);
    if (previous == null || previous.epochsCompleted() != state.epochsCompleted()) {
      JsonFiles.write(summaryFile, summaryOf(state, data, previous));
      repaired.add(Trainer.SUMMARY_FILE);
    }
    return repaired;
  }

  private static RunSummary summaryOf(TrainingState state, TrainValData data, RunSummary previous) {
    List<EpochMetrics> history = state.history();
    return new RunSummary(state.config(), state.classes(), data.train().size(), data.val().size(),
        state.epochsCompleted(), state.bestEpoch(), state.bestValAccuracy(),
        history.get(history.size() - 1).valAccuracy(),
        previous != null ? previous.device() : "unknown",
        previous != null && previous.precision() != null
            ? previous.precision()
            : state.config().compute().precision().name().toLowerCase(Locale.ROOT),
        TensorFlowRuntime.tensorFlowVersion(),
        TensorFlowRuntime.tftrainVersion(), history.stream().mapToDouble(EpochMetrics::seconds).sum(),
        previous != null ? previous.startupSeconds() : Double.NaN,
        previous != null ? previous.peakRssMb() : Double.NaN,
        previous != null ? previous.residentMb() : Double.NaN,
        previous != null ? previous.skippedFiles() : List.of());
  }

  private static RunSummary readSummary(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return JsonFiles.read(file, RunSummary.class);
    } catch (RuntimeException unreadable) {
      return null;
    }
  }
}
