package tftrain.train;

import tftrain.data.Augmentation;
import tftrain.data.TrainingCrop;
import tftrain.model.InitScheme;

/**
 * A named set of the training choices that decide whether AlexNet learns well: how the weights start,
 * the learning-rate warm-up and schedule, the flips and gradient clipping. Every one can still be set by its own
 * flag; a choice a recipe does not name is off (no decay, averaging or smoothing; the centre crop).
 */
public enum Recipe {
  /**
   * tftrain's default, chosen by the learning matrix (docs/learning-quality.md): He init, a short warm-up,
   * horizontal flips, clipping at norm 5, the rate ×0.1 after 50 % and 75 % of the epochs.
   */
  DEFAULT(Choices.NONE.init(InitScheme.HE).warmupSteps(20).augmentation(Augmentation.HORIZONTAL_FLIP).clipNorm(5.0)
      .lrSchedule(RateSchedule.STEP)),
  /** The PyTorch tutorial exactly: PyTorch's init, no warm-up, vertical flips, no clipping, StepLR(10, 0.1). */
  SEED(Choices.NONE.init(InitScheme.PYTORCH).augmentation(Augmentation.VERTICAL_FLIP)
      .lrSchedule(RateSchedule.PIECEWISE));

  private final Choices choices;

  Recipe(Choices choices) {
    this.choices = choices;
  }

  public InitScheme init() {
    return choices.init();
  }

  public int warmupSteps() {
    return choices.warmupSteps();
  }

  public Augmentation augmentation() {
    return choices.augmentation();
  }

  public TrainingCrop crop() {
    return choices.crop();
  }

  /** The global gradient norm limit; 0 is none. */
  public double clipNorm() {
    return choices.clipNorm();
  }

  public RateSchedule lrSchedule() {
    return choices.lrSchedule();
  }

  /** L2 decay of the weights (biases never, unless asked for); 0 is none. */
  public double weightDecay() {
    return choices.weightDecay();
  }

  public double emaDecay() {
    return choices.emaDecay();
  }

  public double labelSmoothing() {
    return choices.labelSmoothing();
  }

  /** A recipe's values, each set by name so that a recipe reads as the list of what it turns on. */
  private record Choices(InitScheme init, int warmupSteps, Augmentation augmentation, TrainingCrop crop,
      double clipNorm, RateSchedule lrSchedule, double weightDecay, double emaDecay, double labelSmoothing) {

    static final Choices NONE = new Choices(InitScheme.PYTORCH, 0, Augmentation.NONE, TrainingCrop.CENTER, 0,
        RateSchedule.PIECEWISE, 0, 0, 0);

    Choices init(InitScheme value) {
      return new Choices(value, warmupSteps, augmentation, crop, clipNorm, lrSchedule, weightDecay, emaDecay,
          labelSmoothing);
    }

    Choices warmupSteps(int value) {
      return new Choices(init, value, augmentation, crop, clipNorm, lrSchedule, weightDecay, emaDecay,
          labelSmoothing);
    }

    Choices augmentation(Augmentation value) {
      return new Choices(init, warmupSteps, value, crop, clipNorm, lrSchedule, weightDecay, emaDecay,
          labelSmoothing);
    }

    Choices clipNorm(double value) {
      return new Choices(init, warmupSteps, augmentation, crop, value, lrSchedule, weightDecay, emaDecay,
          labelSmoothing);
    }

    Choices lrSchedule(RateSchedule value) {
      return new Choices(init, warmupSteps, augmentation, crop, clipNorm, value, weightDecay, emaDecay,
          labelSmoothing);
    }
  }
}
