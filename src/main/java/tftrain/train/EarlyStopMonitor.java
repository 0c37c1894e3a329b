package tftrain.train;

import tftrain.report.EpochMetrics;

/** The validation figure early stopping watches, and which way is better. */
public enum EarlyStopMonitor {
  /** Validation accuracy: higher is better. */
  VAL_ACC("val_acc", true),
  /** Validation loss: lower is better. */
  VAL_LOSS("val_loss", false);

  private final String metricName;
  private final boolean higherIsBetter;

  EarlyStopMonitor(String metricName, boolean higherIsBetter) {
    this.metricName = metricName;
    this.higherIsBetter = higherIsBetter;
  }

  /** The name in the epoch line and {@code metrics.csv}, and on the command line. */
  public String metricName() {
    return metricName;
  }

  /** The command-line spelling, as in help texts. */
  @Override
  public String toString() {
    return metricName;
  }

  public double valueOf(EpochMetrics metrics) {
    return this == VAL_ACC ? metrics.valAccuracy() : metrics.valLoss();
  }

  /** True when {@code candidate} beats {@code best} strictly (Keras' {@code min_delta=0}). */
  public boolean improves(double candidate, double best) {
    return higherIsBetter ? candidate > best : candidate < best;
  }
}
