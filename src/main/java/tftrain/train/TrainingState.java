package tftrain.train;

import java.util.List;
import tftrain.report.EpochMetrics;

/**
 * The small state file of a checkpoint: where the run stands, beside the TensorFlow variables.
 *
 * @param epochsCompleted epochs fully trained and evaluated
 * @param inProgress how far the next epoch got before an interrupt, or {@link EpochProgress#NONE}
 * @param bestEpoch the epoch with the highest validation accuracy so far (0 if none yet)
 * @param history one entry per completed epoch
 */
public record TrainingState(
    int epochsCompleted,
    long globalStep,
    EpochProgress inProgress,
    double bestValAccuracy,
    int bestEpoch,
    List<String> classes,
    TrainingConfig config,
    List<EpochMetrics> history,
    String tftrainVersion) {}
