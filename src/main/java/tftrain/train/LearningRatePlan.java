package tftrain.train;

import java.util.List;
import tftrain.report.EpochMetrics;

/**
 * The learning rate of every step of a run: the config's {@link RateSchedule}, then its warm-up. Everything
 * a rate depends on is in the config, the step count and the epochs' history, which the checkpoint's
 * state holds: a resumed run feeds exactly the rates an uninterrupted one would.
 *
 * @param stepsPerEpoch this replica's training steps per epoch (the cosine's horizon is epochs × this)
 */
public record LearningRatePlan(TrainingConfig config, int stepsPerEpoch) {

  /** What {@link RateSchedule#PLATEAU} divides the rate by: the AlexNet paper's 10. */
  static final double PLATEAU_DIVISOR = 10;

  /**
   * The rate an epoch runs at before warm-up (the cosine's: at the epoch's first step); what the epoch line
   * and {@code metrics.csv} show.
   *
   * @param history the completed epochs (the plateau schedule reads their val_acc)
   */
  public double epochRate(int epoch, List<EpochMetrics> history) {
    return switch (config.optimizer().lrSchedule()) {
      case PIECEWISE, STEP -> config.optimizer().schedule().rateAt(epoch);
      case COSINE -> cosine((long) (epoch - 1) * stepsPerEpoch);
      case PLATEAU -> plateau(epoch, history);
    };
  }

  /**
   * The rate fed to a step.
   *
   * @param epochRate the epoch's {@link #epochRate} (agreed by every replica)
   * @param globalStep the steps trained before this one in the run
   */
  public double stepRate(double epochRate, long globalStep) {
    double scheduled = config.optimizer().lrSchedule() == RateSchedule.COSINE ? cosine(globalStep) : epochRate;
    return config.optimizer().warmedUp(scheduled, globalStep);
  }

  /** Half a cosine from the first rate at the end of the warm-up to 0 after the run's last step. */
  private double cosine(long globalStep) {
    double initial = config.optimizer().schedule().rateAt(1);
    long warmup = config.optimizer().warmupSteps();
    if (globalStep < warmup) {
      return initial;
    }
    long decaySteps = Math.max(1, (long) config.loop().epochs() * stepsPerEpoch - warmup);
    double progress = Math.min(1, (double) (globalStep - warmup) / decaySteps);
    return initial * 0.5 * (1 + Math.cos(Math.PI * progress));
  }

  /**
   * The first rate, divided by {@link #PLATEAU_DIVISOR} each time {@code lrPatience} epochs in a row did not
   * beat the best val_acc so far (the count starts again after each division).
   */
  private double plateau(int epoch, List<EpochMetrics> history) {
    double rate = config.optimizer().schedule().rateAt(1);
    double best = Double.NEGATIVE_INFINITY;
    int epochsWithout = 0;
    for (EpochMetrics metrics : history) {
      if (metrics.epoch() >= epoch) {
        break;
      }
      if (metrics.valAccuracy() > best) {
        best = metrics.valAccuracy();
        epochsWithout = 0;
      } else if (++epochsWithout >= config.optimizer().lrPatience()) {
        rate /= PLATEAU_DIVISOR;
        epochsWithout = 0;
      }
    }
    return rate;
  }
}
