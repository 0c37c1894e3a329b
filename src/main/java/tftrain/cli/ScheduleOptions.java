package tftrain.cli;

import picocli.CommandLine.Option;
import tftrain.train.EarlyStopMonitor;
import tftrain.train.LearningRateSchedule;
import tftrain.train.RateSchedule;
import tftrain.train.TrainingConfig;
import tftrain.train.TrainingConfig.Defaults;

/** {@code train}'s optimizer and schedule options: how long, how many images a step, which rates, when to stop. */
final class ScheduleOptions {

  @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs = Defaults.EPOCHS;

  @Option(names = {"-b", "--batch-size"}, paramLabel = "N",
      description = "Images per step (default: ${DEFAULT-VALUE}).")
  int batchSize = Defaults.BATCH_SIZE;

  @Option(names = "--lr", paramLabel = "RATE", description = "Initial learning rate (default: ${DEFAULT-VALUE}).")
  double learningRate = Defaults.LEARNING_RATE;

  @Option(names = "--momentum", paramLabel = "M", description = "SGD momentum (default: ${DEFAULT-VALUE}).")
  double momentum = Defaults.MOMENTUM;

  @Option(names = "--lr-step-size", paramLabel = "EPOCHS",
      description = "Multiply the rate by --lr-gamma every this many epochs; implies --lr-schedule piecewise (default: "
          + Defaults.LR_STEP_SIZE + ").")
  Integer lrStepSize;

  @Option(names = "--lr-gamma", paramLabel = "G", description = "Step decay factor (default: ${DEFAULT-VALUE}).")
  double lrGamma = Defaults.LR_GAMMA;

  @Option(names = "--lr-boundaries", paramLabel = "E1,E2", split = ",",
      description = "Piecewise-constant schedule: the last epoch of each rate, e.g. 10,20; the rates are --lr-values, "
          + "else --lr ×--lr-gamma after each boundary (PyTorch's MultiStepLR).")
  int[] lrBoundaries;

  @Option(names = "--lr-values", paramLabel = "R0,R1,R2", split = ",",
      description = "The rates of the pieces, one more than boundaries, e.g. 0.01,0.001,0.0001.")
  double[] lrValues;

  @Option(names = "--lr-schedule", paramLabel = "S",
      description = "How the rate moves: piecewise (--lr-boundaries/--lr-values, "
          + "else ×--lr-gamma every --lr-step-size epochs), "
          + "step (×--lr-gamma after 2/3 and 5/6 of --epochs unless --lr-boundaries are given), "
          + "cosine (from --lr to 0 after the warm-up, per step) "
          + "or plateau (--lr ÷ 10 when val_acc has not improved for --lr-patience epochs) (default: the recipe's).")
  RateSchedule lrSchedule;

  @Option(names = "--lr-patience", paramLabel = "N",
      description = "Epochs without a better val_acc before --lr-schedule plateau divides the rate by 10 "
          + "(default: ${DEFAULT-VALUE}).")
  int lrPatience = Defaults.LR_PATIENCE;

  @Option(names = "--early-stop-patience", paramLabel = "N",
      description = "Stop when --early-stop-monitor has not improved for N epochs; 0 never stops early "
          + "(default: ${DEFAULT-VALUE}).")
  int earlyStopPatience = Defaults.EARLY_STOP_PATIENCE;

  @Option(names = "--early-stop-monitor", paramLabel = "M",
      description = "What early stopping watches: val_acc (higher is better) or val_loss (lower is better) "
          + "(default: val_acc).")
  EarlyStopMonitor earlyStopMonitor = Defaults.EARLY_STOP_MONITOR;

  @Option(names = "--max-batches", paramLabel = "N",
      description = "Train at most N batches per epoch (smoke tests; default: all).")
  int maxBatches = Defaults.MAX_BATCHES;

  void applyTo(TrainingConfig.Builder config) {
    config.epochs(epochs)
        .batchSize(batchSize)
        .momentum(momentum)
        .maxBatches(maxBatches)
        .earlyStop(earlyStopPatience, earlyStopMonitor)
        .stepDecay(learningRate, lrStepSize != null ? lrStepSize : Defaults.LR_STEP_SIZE, lrGamma)
        // A step size only means something to the piecewise schedule: asking for one picks it.
        .lrSchedule(lrSchedule == null && lrStepSize != null ? RateSchedule.PIECEWISE : lrSchedule)
        .lrPatience(lrPatience);
    if (lrBoundaries != null || lrValues != null) {
      int[] boundaries = lrBoundaries == null ? new int[0] : lrBoundaries;
      config.schedule(lrValues != null
          ? new LearningRateSchedule(boundaries, lrValues)
          : LearningRateSchedule.multiStep(learningRate, lrGamma, boundaries));
    }
  }
}
