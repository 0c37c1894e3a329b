package tftrain.train;

/**
 * Tells a loss that means the weights have blown up from one that is merely high. A classifier that
 * guesses uniformly scores ln(classes); a mean cross-entropy of 100 × ln(classes) means the right class
 * gets a probability of about classes^-100 on average, which no learning network produces: only weights
 * that have exploded do (where bf16 was wrong, runs went on for epochs at losses of 1e28–1e35).
 */
public final class LossGuard {

  private final double limit;

  public LossGuard(int numClasses) {
    this.limit = 100 * Math.log(numClasses);
  }

  /** True for NaN, infinity, or a finite loss beyond any a learning classifier produces. */
  public boolean hasExploded(double meanLoss) {
    return !Double.isFinite(meanLoss) || meanLoss > limit;
  }

  /** The bound, for messages. */
  public double limit() {
    return limit;
  }
}
