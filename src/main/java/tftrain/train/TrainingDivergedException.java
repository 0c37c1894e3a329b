package tftrain.train;

import java.util.Locale;

/**
 * The loss stopped being a number, or became one no learning classifier produces: the weights diverged.
 * Training stops at once, before anything of the bad epoch is saved, so {@code best/} and the checkpoint
 * still hold the last good epoch.
 */
public final class TrainingDivergedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * @param where "epoch 3, step 7" or "epoch 3, validation"
   * @param loss the loss that gave it away (NaN, infinite or above {@code limit})
   */
  public TrainingDivergedException(String where, double loss, double limit, TrainingState lastGood) {
    super(String.format(Locale.ROOT,
        "the loss became %s at %s: training diverged and was stopped; %s;"
            + " lower --lr or --clip-norm, or try --precision fp32, and start again"
            + " (or --resume to retry from the last checkpoint)",
        Double.isFinite(loss) ? String.format(Locale.ROOT, "%.3g (above %.0f)", loss, limit) : "NaN",
        where,
        lastGood.bestEpoch() > 0
            ? String.format(Locale.ROOT, "best/ keeps epoch %d (val_acc %.4f)", lastGood.bestEpoch(),
                lastGood.bestValAccuracy())
            : "no epoch finished"));
  }
}
