package tftrain.train;

import tftrain.data.BadImage;
import tftrain.report.EpochMetrics;

/** Hooks into a training run, for console output, progress bars and extra logs. All optional. */
public interface TrainingListener {

  /** Before the first step: what the run is about to do. */
  default void onRunStart(RunInfo info) {}

  /** At the start of an epoch ({@code imagesDone} > 0 when a resume continues inside it). */
  default void onEpochStart(int epoch, int totalEpochs, long totalImages, long imagesDone, double learningRate) {}

  /** After each training step, with the epoch's running means. */
  default void onStep(long imagesDone, double runningLoss, double runningAccuracy) {}

  /** After validation and all saves of an epoch. */
  default void onEpochEnd(EpochMetrics metrics, int totalEpochs, boolean isBest) {}

  /** A file was skipped because it could not be read or decoded (once per file). */
  default void onBadImage(BadImage bad) {}

  /** The run stopped early on request, after writing a checkpoint. */
  default void onInterrupted(int epoch, int stepsDone) {}
}
