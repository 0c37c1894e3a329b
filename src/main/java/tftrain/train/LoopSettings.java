package tftrain.train;

import tftrain.BadInputException;

/**
 * How long the training loop runs and how big its steps are.
 *
 * @param maxBatches training batches per epoch at most (0 = all): for smoke tests
 * @param earlyStopPatience stop after this many epochs without improvement of {@code earlyStopMonitor} (0 = never)
 * @param earlyStopMonitor what early stopping watches
 */
public record LoopSettings(
    int epochs, int batchSize, int maxBatches, int earlyStopPatience, EarlyStopMonitor earlyStopMonitor) {

  public LoopSettings {
    requireAtLeast("--epochs", epochs, 1);
    requireAtLeast("--batch-size", batchSize, 1);
    requireAtLeast("--max-batches", maxBatches, 0);
    requireAtLeast("--early-stop-patience", earlyStopPatience, 0);
    if (earlyStopMonitor == null) {
      throw new BadInputException("an early-stop monitor is required");
    }
  }

  static void requireAtLeast(String option, long value, long minimum) {
    if (value < minimum) {
      throw new BadInputException(option + " must be at least " + minimum + ", got " + value);
    }
  }
}
