package tftrain.train;

import java.util.Arrays;
import java.util.Locale;
import tftrain.BadInputException;
import tftrain.InvalidSettingException;

/**
 * How each step moves the weights: the rate and its schedule, momentum, clipping, the regularizers.
 *
 * @param schedule the rates by epoch; {@link RateSchedule#PIECEWISE} follows it, the others start from its
 *     single rate ({@link LearningRatePlan})
 * @param lrSchedule how the rate moves over the run
 * @param lrPatience epochs without a better val_acc before {@link RateSchedule#PLATEAU} divides the rate
 * @param warmupSteps the learning rate rises linearly over this many first steps of the run (0 = none)
 * @param clipNorm gradients are scaled down to this global L2 norm when above it (0 = no clipping)
 * @param weightDecay L2 factor added to the gradients ({@link WeightDecay}; 0 = off)
 * @param weightDecayBiases whether weight decay applies to the biases too (else only to the weights)
 * @param labelSmoothing the share of each target spread over all classes ({@link LabelSmoothing}; 0 = off)
 * @param emaDecay the decay of the weights' moving average that validation and the kept models use
 *     ({@link WeightAveraging}; 0 = off)
 * @param reduceDtype the type the gradients travel in between the workers of a multi-worker run
 */
public record OptimizerSettings(
    LearningRateSchedule schedule,
    RateSchedule lrSchedule,
    int lrPatience,
    double momentum,
    int warmupSteps,
    double clipNorm,
    double weightDecay,
    boolean weightDecayBiases,
    double labelSmoothing,
    double emaDecay,
    ReduceDtype reduceDtype) {

  public OptimizerSettings {
    if (reduceDtype == null) {
      throw new InvalidSettingException("reduceDtype is required (fp32, bf16 or fp16)", "reduceDtype");
    }
    if (schedule == null || lrSchedule == null) {
      throw new BadInputException("a learning-rate schedule is required");
    }
    if (lrSchedule.startsFromOneRate() && schedule.boundaries().length > 0) {
      throw new InvalidSettingException("lrSchedule " + lrSchedule.name().toLowerCase(Locale.ROOT)
          + " starts from one rate, but schedule changes the rate after epochs "
          + Arrays.toString(schedule.boundaries()) + " (a plan for the piecewise and step schedules)",
          "lrSchedule", "schedule");
    }
    InvalidSettingException.requireAtLeast("lrPatience", lrPatience, 1);
    if (!(momentum >= 0 && momentum < 1)) {
      throw new InvalidSettingException("momentum must be in [0, 1), got " + momentum, "momentum");
    }
    if (warmupSteps < 0) {
      throw new InvalidSettingException("warmupSteps must be 0 (none) or positive, got " + warmupSteps, "warmupSteps");
    }
    if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
      throw new InvalidSettingException("clipNorm must be 0 (off) or positive, got " + clipNorm, "clipNorm");
    }
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw new InvalidSettingException("weightDecay must be 0 (off) or positive, got " + weightDecay, "weightDecay");
    }
    if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
      throw new InvalidSettingException("labelSmoothing must be in [0, 1), got " + labelSmoothing, "labelSmoothing");
    }
    if (!(emaDecay >= 0 && emaDecay < 1)) {
      throw new InvalidSettingException("emaDecay must be in [0, 1) (0 = off), got " + emaDecay, "emaDecay");
    }
  }

  /**
   * The learning rate of a step of the piecewise schedule: the epoch's scheduled rate, scaled down during
   * the warm-up; {@link LearningRatePlan} gives every schedule's.
   */
  public double rateAt(int epoch, long globalStep) {
    return warmedUp(schedule.rateAt(epoch), globalStep);
  }

  /** A scheduled rate as a step receives it: raised linearly over the first {@code warmupSteps} steps. */
  public double warmedUp(double scheduled, long globalStep) {
    return globalStep < warmupSteps ? scheduled * (globalStep + 1) / warmupSteps : scheduled;
  }
}
