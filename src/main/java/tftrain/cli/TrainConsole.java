package tftrain.cli;

import java.io.PrintWriter;
import java.util.Locale;
import tftrain.report.EpochLine;
import tftrain.report.ProgressReporter;
import tftrain.train.Checkpoint;
import tftrain.train.EpochEnd;
import tftrain.train.RunInfo;
import tftrain.train.TrainingState;
import tftrain.train.WeightAveraging;

/** What {@code tftrain train} shows: the set-up, a progress bar per epoch on a terminal, one line per epoch. */
final class TrainConsole extends RunConsole {

  private final ProgressReporter progress;
  private long imagesReported;
  /** Multi-worker runs: the chief's weights checksum of the epoch, shown after its line. */
  private Long weightsChecksum;

  TrainConsole(PrintWriter out, PrintWriter err, ProgressReporter progress, TimelinePrinter timeline) {
    super(out, err, timeline);
    this.progress = progress;
  }

  @Override
  public void onRunStart(RunInfo info) {
    var config = info.config();
    out.printf(Locale.ROOT, "Device: %s, %d threads, %s%n",
        info.device(), config.compute().threads(), info.precision());
    out.printf(Locale.ROOT, "Data: %d training and %d validation images in %d classes (%s)%n",
        info.trainImages(), info.valImages(), info.classes().size(), String.join(", ", info.classes()));
    // The epoch line's val figures are the average's when there is one: say so where the run starts.
    WeightAveraging averaging = new WeightAveraging(config.optimizer().emaDecay());
    out.printf(Locale.ROOT, "Model: AlexNet, %,d parameters, input %d×%d; batch %d, seed %d%s%n",
        info.parameters(), config.model().imageSize(), config.model().imageSize(), config.loop().batchSize(),
        config.model().seed(),
        averaging.isOn()
            ? "; val, best/ and last/ use the weight average (--ema-decay " + averaging.decay() + ")" : "");
    if (info.resumedAfterEpoch() > 0) {
      out.printf(Locale.ROOT, "Resuming %s after epoch %d%n", info.runDir(), info.resumedAfterEpoch());
    }
    out.printf(Locale.ROOT, "Output: %s%n", info.runDir());
    out.flush();
  }

  @Override
  public void onEpochStart(int epoch, int totalEpochs, long totalImages, long imagesDone, double learningRate) {
    progress.startEpoch(epoch, totalEpochs, totalImages);
    imagesReported = 0;
    if (imagesDone > 0) {
      progress.advance(imagesDone, 0, 0);
      imagesReported = imagesDone;
    }
  }

  @Override
  public void onStep(long imagesDone, double runningLoss, double runningAccuracy) {
    progress.advance(imagesDone - imagesReported, runningLoss, runningAccuracy);
    imagesReported = imagesDone;
  }

  @Override
  public void onEpochEnd(EpochEnd end) {
    progress.finishEpoch();
    out.println(EpochLine.format(end.metrics(), end.totalEpochs()) + (end.isBest() ? " *best" : ""));
    if (weightsChecksum != null) {
      out.printf(Locale.ROOT, "Worker 0 (chief): epoch %d weights crc32 %08x%n", end.metrics().epoch(),
          weightsChecksum);
    }
    out.flush();
  }

  @Override
  public void onWeightsChecksum(int epoch, long crc32) {
    weightsChecksum = crc32;
  }

  @Override
  public void onInterrupted(int epoch, int stepsDone, TrainingState state, Checkpoint.Pending checkpoint) {
    progress.finishEpoch();
  }
}
