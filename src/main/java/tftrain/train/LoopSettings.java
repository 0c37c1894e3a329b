package tftrain.train;

import static tftrain.InvalidSettingException.requireAtLeast;

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
    requireAtLeast("epochs", epochs, 1);
    requireAtLeast("batchSize", batchSize, 1);
    requireAtLeast("maxBatches", maxBatches, 0);
    requireAtLeast("earlyStopPatience", earlyStopPatience, 0);
    if (earlyStopMonitor == null) {
      throw new BadInputException("an early-stop monitor is required");
    }
  }
}
