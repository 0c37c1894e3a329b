package tftrain.train;

import java.util.ArrayList;
import java.util.List;
import tftrain.report.EpochMetrics;
import tftrain.runtime.TensorFlowRuntime;

/**
 * The small state file of a checkpoint: where the run stands, beside the TensorFlow variables.
 *
 * @param schemaVersion the layout of this file and the meaning of its config; a resume accepts only
 *     {@link #SCHEMA_VERSION}. A file without it is version 1 ({@link Checkpoint} reads it so).
 * @param epochsCompleted epochs fully trained and evaluated
 * @param inProgress how far the next epoch got before an interrupt, or {@link EpochProgress#NONE}
 * @param bestEpoch the epoch with the highest validation accuracy so far (0 if none yet)
 * @param history one entry per completed epoch
 */
public record TrainingState(
    int schemaVersion,
    int epochsCompleted,
    long globalStep,
    EpochProgress inProgress,
    double bestValAccuracy,
    int bestEpoch,
    List<String> classes,
    TrainingConfig config,
    List<EpochMetrics> history,
    String tftrainVersion) {

  /**
   * The version this tftrain writes and resumes. 2: early stopping in the config, one train/val splitter
   * for {@code --val-split} and {@code data split} (version 1 carved a different validation set), and
   * this field. Raise it whenever an older checkpoint would resume into a different run.
   */
  public static final int SCHEMA_VERSION = 2;

  /** The state of a run before its first step. */
  public static TrainingState initial(List<String> classes, TrainingConfig config) {
    return new TrainingState(SCHEMA_VERSION, 0, 0, EpochProgress.NONE, -1, 0, classes, config, List.of(),
        TensorFlowRuntime.tftrainVersion());
  }

  /** The same state with an interrupted epoch's progress (for a mid-epoch checkpoint). */
  public TrainingState withProgress(long newGlobalStep, EpochProgress progress) {
    return new TrainingState(schemaVersion, epochsCompleted, newGlobalStep, progress, bestValAccuracy, bestEpoch,
        classes, config, history, tftrainVersion);
  }

  /** The state after the epoch {@code metrics} describes, which may be a new best. */
  public TrainingState after(EpochMetrics metrics, long newGlobalStep) {
    boolean isBest = isBest(metrics);
    List<EpochMetrics> longer = new ArrayList<>(history);
    longer.add(metrics);
    return new TrainingState(SCHEMA_VERSION, metrics.epoch(), newGlobalStep, EpochProgress.NONE,
        isBest ? metrics.valAccuracy() : bestValAccuracy, isBest ? metrics.epoch() : bestEpoch, classes, config,
        List.copyOf(longer), TensorFlowRuntime.tftrainVersion());
  }

  /** True when the epoch's validation accuracy beats every earlier one ({@code best/} is its model). */
  public boolean isBest(EpochMetrics metrics) {
    return metrics.valAccuracy() > bestValAccuracy;
  }
}
