package tftrain.cli;

import java.io.PrintWriter;
import java.util.Locale;
import tftrain.report.EpochMetrics;
import tftrain.train.EpochEnd;
import tftrain.train.RunInfo;

/**
 * What a non-chief worker of a multi-worker run shows, its only listener besides early stopping: one line
 * at the start and one status line per epoch (the chief shows the full output and writes the run folder).
 */
final class WorkerConsole extends RunConsole {

  private final int task;
  private final int workers;
  private long lastChecksum;

  WorkerConsole(PrintWriter out, PrintWriter err, int task, int workers, TimelinePrinter timeline) {
    super(out, err, timeline);
    this.task = task;
    this.workers = workers;
  }

  @Override
  public void onRunStart(RunInfo info) {
    out.printf(Locale.ROOT, "Worker %d of %d: %d training and %d validation images in %d classes, seed %d%s;"
            + " the chief (task 0) writes the run folder%n",
        task, workers, info.trainImages(), info.valImages(), info.classes().size(), info.config().model().seed(),
        info.resumedAfterEpoch() > 0 ? ", resuming after epoch " + info.resumedAfterEpoch() : "");
    out.flush();
  }

  @Override
  public void onWeightsChecksum(int epoch, long crc32) {
    lastChecksum = crc32;
  }

  @Override
  public void onEpochEnd(EpochEnd end) {
    EpochMetrics metrics = end.metrics();
    out.printf(Locale.ROOT, "Worker %d: epoch %d/%d loss %.4f val_loss %.4f val_acc %.4f weights crc32 %08x%n",
        task, metrics.epoch(), end.totalEpochs(), metrics.trainLoss(), metrics.valLoss(), metrics.valAccuracy(),
        lastChecksum);
    out.flush();
  }
}
