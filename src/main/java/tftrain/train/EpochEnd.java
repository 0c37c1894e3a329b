package tftrain.train;

import tftrain.report.EpochMetrics;

/**
 * A finished epoch, as its listeners see it.
 *
 * @param state the run's state after the epoch, as the checkpoint will record it
 * @param isBest whether the epoch's validation accuracy beats every earlier one
 * @param checkpoint the checkpoint being written, with the epoch's weights already saved into it; null on a
 *     worker of a multi-worker run other than the chief, which writes no files
 */
public record EpochEnd(EpochMetrics metrics, int totalEpochs, boolean isBest, TrainingState state,
    Checkpoint.Pending checkpoint) {}
