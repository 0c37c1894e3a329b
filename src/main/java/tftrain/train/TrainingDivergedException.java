package tftrain.train;

import java.util.Locale;

/**
 * The loss stopped being a number: the weights diverged. Training stops at once, before anything is
 * saved, so {@code best/} and the checkpoint still hold the last good epoch.
 */
public final class TrainingDivergedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public TrainingDivergedException(int epoch, int step, TrainingState lastGood) {
    super(String.format(Locale.ROOT,
        "the loss became NaN at epoch %d, step %d: training diverged and was stopped; %s"
            + " lower --lr or --clip-norm and start again (or --resume to retry from the last checkpoint)",
        epoch, step,
        lastGood.bestEpoch() > 0
            ? String.format(Locale.ROOT, "best/ keeps epoch %d (val_acc %.4f)", lastGood.bestEpoch(), lastGood.bestValAccuracy())
            : "no epoch finished"));
  }
}
