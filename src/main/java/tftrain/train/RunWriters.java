package tftrain.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import tftrain.data.BadImage;
import tftrain.report.EpochMetrics;
import tftrain.report.JsonFiles;
import tftrain.report.MetricsCsv;
import tftrain.report.TensorBoardWriter;
import tftrain.report.TrainingCharts;
import tftrain.runtime.ProcessMemory;
import tftrain.runtime.TensorFlowRuntime;
import tftrain.serving.InferenceGraph;

/**
 * The listeners that write a run's files, assembled in one place and in the order that keeps the files
 * consistent: the metrics row, the {@code last/}/{@code best/} models and {@code mistakes.png} before the
 * checkpoint, the charts, TensorBoard events and {@code summary.json} after it. The checkpoint is the commit point:
 * a kill before it redoes the epoch on resume (the metrics row is replaced, the models written again with the same
 * result); what comes after it is derived from the checkpoint's history and repaired on resume
 * ({@link RunRepair}).
 */
public final class RunWriters {

  private RunWriters() {}

  /**
   * The writers of a run in {@code runDir}, in commit order. Close them (through the trainer's list) when
   * the run ends: the model exporter and TensorBoard hold TensorFlow graphs.
   */
  public static List<TrainingListener> forRun(Path runDir, TrainingConfig config, List<String> classes)
      throws IOException {
    List<TrainingListener> writers = new ArrayList<>();
    try {
      writers.add(new MetricsRow(runDir));
      writers.add(new ModelExports(runDir, config, classes));
      if (config.output().mistakes() > 0) {
        writers.add(new MistakesSheet(runDir, classes, config.output().mistakes(), config.model().normalization()));
      }
      writers.add(new CheckpointCommit());
      writers.add(new Charts(runDir));
      writers.add(new TensorBoard(runDir));
      writers.add(new Summary(runDir));
      return writers;
    } catch (IOException | RuntimeException e) {
      try {
        new ListenerList(writers).close();
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /** Appends the epoch's row to {@code metrics.csv}. */
  static final class MetricsRow implements TrainingListener {
    private final Path csv;

    MetricsRow(Path runDir) {
      this.csv = runDir.resolve(Trainer.METRICS_FILE);
    }

    @Override
    public void onEpochEnd(EpochEnd end) {
      MetricsCsv.append(csv, end.metrics());
    }
  }

  /**
   * Exports the epoch's weights, from the checkpoint being written, as {@code last/} and on a new best
   * {@code best/}.
   */
  static final class ModelExports implements TrainingListener, AutoCloseable {
    private final Path runDir;
    private final TrainingConfig config;
    private final List<String> classes;
    private final InferenceGraph bundles;

    ModelExports(Path runDir, TrainingConfig config, List<String> classes) {
      this.runDir = runDir;
      this.config = config;
      this.classes = classes;
      this.bundles = new InferenceGraph(TrainedModels.metadata(classes, config, 0, Double.NaN), 1, null);
    }

    @Override
    public void onEpochEnd(EpochEnd end) {
      bundles.restore(end.checkpoint().variablesPrefix());
      var weights = TrainedModels.metadata(classes, config, end.metrics().epoch(), end.metrics().valAccuracy());
      try {
        bundles.export(runDir.resolve(Trainer.LAST_FOLDER), weights);
        if (end.isBest()) {
          bundles.export(runDir.resolve(Trainer.BEST_FOLDER), weights);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      bundles.close();
    }
  }

  /** Commits the checkpoint: the state after the epoch (or after the steps of an interrupted one). */
  static final class CheckpointCommit implements TrainingListener {
    @Override
    public void onEpochEnd(EpochEnd end) {
      commit(end.checkpoint(), end.state());
    }

    @Override
    public void onInterrupted(int epoch, int stepsDone, TrainingState state, Checkpoint.Pending checkpoint) {
      if (checkpoint != null) {
        commit(checkpoint, state);
      }
    }

    private static void commit(Checkpoint.Pending checkpoint, TrainingState state) {
      try {
        checkpoint.commit(state);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Redraws {@code loss.png} and {@code accuracy.png}. */
  static final class Charts implements TrainingListener {
    private final Path runDir;

    Charts(Path runDir) {
      this.runDir = runDir;
    }

    @Override
    public void onEpochEnd(EpochEnd end) {
      TrainingCharts.write(end.state().history(), runDir);
    }
  }

  /** Adds the epoch's scalars to the TensorBoard events. */
  static final class TensorBoard implements TrainingListener, AutoCloseable {
    private final TensorBoardWriter writer;

    TensorBoard(Path runDir) throws IOException {
      this.writer = new TensorBoardWriter(runDir.resolve(Trainer.EVENTS_FOLDER));
    }

    @Override
    public void onEpochEnd(EpochEnd end) {
      writer.write(end.metrics());
    }

    @Override
    public void close() {
      writer.close();
    }
  }

  /** Rewrites {@code summary.json} after every epoch and at the end of the run. */
  static final class Summary implements TrainingListener {
    private final Path file;
    private final List<BadImage> skipped = Collections.synchronizedList(new ArrayList<>());
    private RunInfo run;
    /** Seconds from JVM start to the first epoch's start in this process. */
    private double startupSeconds = Double.NaN;

    Summary(Path runDir) {
      this.file = runDir.resolve(Trainer.SUMMARY_FILE);
    }

    @Override
    public void onRunStart(RunInfo info) {
      run = info;
    }

    @Override
    public void onEpochStart(int epoch, int totalEpochs, long totalImages, long imagesDone, double learningRate) {
      if (Double.isNaN(startupSeconds)) {
        startupSeconds = ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
      }
    }

    @Override
    public void onBadImage(BadImage bad) {
      skipped.add(bad);
    }

    @Override
    public void onEpochEnd(EpochEnd end) {
      write(end.state());
    }

    @Override
    public void onRunEnd(TrainingState state) {
      write(state);
    }

    private void write(TrainingState state) {
      List<EpochMetrics> history = state.history();
      double last = history.isEmpty() ? Double.NaN : history.get(history.size() - 1).valAccuracy();
      // Summed over epochs rather than timed from the start, so a resumed run reports its whole training time.
      double trainingSeconds = history.stream().mapToDouble(EpochMetrics::seconds).sum();
      JsonFiles.write(file,
          new RunSummary(run.config(), run.classes(), run.trainImages(), run.valImages(), state.epochsCompleted(),
              state.bestEpoch(), state.bestValAccuracy(), last, run.device(), run.precision(),
              TensorFlowRuntime.tensorFlowVersion(), TensorFlowRuntime.tftrainVersion(), trainingSeconds,
              startupSeconds, ProcessMemory.peakResidentMegabytes(), ProcessMemory.residentMegabytes(),
              List.copyOf(skipped)));
    }
  }
}
