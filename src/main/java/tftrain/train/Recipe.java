package tftrain.train;

import tftrain.data.Augmentation;
import tftrain.data.TrainingCrop;
import tftrain.model.InitScheme;

/**
 * A named set of the training choices that decide whether AlexNet learns well: how the weights start,
 * the learning-rate warm-up, the flips and gradient clipping. Every one can still be set by its own flag.
 *
 * @param clipNorm the global gradient norm limit (0 = none)
 */
public enum Recipe {
  /**
   * tftrain's default, chosen by the learning matrix (README, "Learning quality"): He init, a short
   * warm-up, horizontal flips, clipping at norm 5.
   */
  DEFAULT(InitScheme.HE, 20, Augmentation.HORIZONTAL_FLIP, TrainingCrop.CENTER, 5.0,
      RateSchedule.STEP, 0, 0, 0),
  /** The PyTorch tutorial exactly: PyTorch's init, no warm-up, vertical flips, no clipping. */
  SEED(InitScheme.PYTORCH, 0, Augmentation.VERTICAL_FLIP, TrainingCrop.CENTER, 0.0,
      RateSchedule.PIECEWISE, 0, 0, 0);

  private final InitScheme init;
  private final int warmupSteps;
  private final Augmentation augmentation;
  private final TrainingCrop crop;
  private final double clipNorm;
  private final RateSchedule lrSchedule;
  private final double weightDecay;
  private final double emaDecay;
  private final double labelSmoothing;

  Recipe(InitScheme init, int warmupSteps, Augmentation augmentation, TrainingCrop crop, double clipNorm,
      RateSchedule lrSchedule, double weightDecay, double emaDecay, double labelSmoothing) {
    this.lrSchedule = lrSchedule;
    this.weightDecay = weightDecay;
    this.emaDecay = emaDecay;
    this.labelSmoothing = labelSmoothing;
    this.init = init;
    this.warmupSteps = warmupSteps;
    this.augmentation = augmentation;
    this.crop = crop;
    this.clipNorm = clipNorm;
  }

  public InitScheme init() {
    return init;
  }

  public int warmupSteps() {
    return warmupSteps;
  }

  public Augmentation augmentation() {
    return augmentation;
  }

  public TrainingCrop crop() {
    return crop;
  }

  public double clipNorm() {
    return clipNorm;
  }

  public RateSchedule lrSchedule() {
    return lrSchedule;
  }

  /** L2 decay of the weights (biases never, unless asked for); 0 is none. */
  public double weightDecay() {
    return weightDecay;
  }

  public double emaDecay() {
    return emaDecay;
  }

  public double labelSmoothing() {
    return labelSmoothing;
  }
}
