package tftrain.train;

import tftrain.data.BadImage;
import tftrain.data.DecodedBatch;

/**
 * Hooks into a training run. The trainer calls its listeners in one fixed list order (see
 * {@link Trainer}): the run's files first, each epoch's checkpoint commit among them, then early stopping,
 * then the caller's console. All methods are optional.
 */
public interface TrainingListener {

  /** Before the first step: what the run is about to do. */
  default void onRunStart(RunInfo info) {}

  /** At the start of an epoch ({@code imagesDone} > 0 when a resume continues inside it). */
  default void onEpochStart(int epoch, int totalEpochs, long totalImages, long imagesDone, double learningRate) {}

  /** After each training step, with the epoch's running means. */
  default void onStep(long imagesDone, double runningLoss, double runningAccuracy) {}

  /**
   * Asked before each training step: whether to trace the run's step {@code globalStep} (1 = the run's first),
   * which is then slower, and report its {@link #onStepTimeline}.
   */
  default boolean wantsTimeline(long globalStep) {
    return false;
  }

  /** After a step some listener asked to trace: when its backprop and collectives ran. */
  default void onStepTimeline(long globalStep, StepTimeline timeline) {}

  /**
   * During an epoch's validation, for each batch this process evaluates: its images as the network saw
   * them and each image's class probabilities [rows][classes]. The batch is valid only during the call.
   */
  default void onValidationBatch(DecodedBatch batch, float[][] probabilities) {}

  /**
   * After an epoch's validation, with its weights saved into {@code end.checkpoint()} (not yet committed
   * until the checkpoint listener has run).
   */
  default void onEpochEnd(EpochEnd end) {}

  /**
   * Multi-worker runs only, after an epoch's validation and before its {@link #onEpochEnd}: a checksum of
   * this worker's weights, which every worker must report equal.
   */
  default void onWeightsChecksum(int epoch, long crc32) {}

  /** A file was skipped because it could not be read or decoded (once per file). */
  default void onBadImage(BadImage bad) {}

  /** Something the user should know that does not stop the run, in one line (e.g. the cache cannot be written). */
  default void onWarning(String message) {}

  /**
   * The run stops early on request. {@code checkpoint} holds the weights of a stop inside an epoch, to be
   * committed with {@code state}; it is null when the stop came after an epoch's own checkpoint.
   */
  default void onInterrupted(int epoch, int stepsDone, TrainingState state, Checkpoint.Pending checkpoint) {}

  /** After the last epoch of a run that was not interrupted. */
  default void onRunEnd(TrainingState state) {}

  /** Asked after each epoch: a reason to end the run here (it then counts as finished), or null to go on. */
  default String stopReason() {
    return null;
  }
}
