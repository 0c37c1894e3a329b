package tftrain.train;

import tftrain.data.Augmentation;
import tftrain.data.TrainingCrop;
import tftrain.model.InitScheme;

/**
 * A named set of the training choices that decide whether AlexNet learns well: how the weights start,
 * the learning-rate warm-up and schedule, the flips, gradient clipping and the weight average. Every one can still
 * be set by its own flag.
 */
public enum Recipe {
  /**
   * tftrain's default, chosen by the learning matrix (docs/learning-quality.md): He init, a short warm-up,
   * horizontal flips, clipping at norm 5, the rate ×0.1 after 2/3 and 5/6 of the epochs, and a moving average
   * of the weights as the model it validates and keeps: with its warm-up it spans about the last ninth of the
   * steps so far (the last 100 from step 890 on), so the model a run ends with does not hang on its last few
   * batches.
   */
  DEFAULT(new Choices(InitScheme.HE, /* warmupSteps= */ 20, Augmentation.HORIZONTAL_FLIP, TrainingCrop.CENTER,
      /* clipNorm= */ 5.0, RateSchedule.STEP, /* weightDecay= */ 0, /* emaDecay= */ 0.99, /* labelSmoothing= */ 0)),
  /** The PyTorch tutorial exactly: PyTorch's init, no warm-up, vertical flips, no clipping, StepLR(10, 0.1). */
  SEED(new Choices(InitScheme.PYTORCH, /* warmupSteps= */ 0, Augmentation.VERTICAL_FLIP, TrainingCrop.CENTER,
      /* clipNorm= */ 0, RateSchedule.PIECEWISE, /* weightDecay= */ 0, /* emaDecay= */ 0, /* labelSmoothing= */ 0));

  /**
   * What a recipe sets; a flag of the same name overrides each.
   *
   * @param clipNorm the global gradient norm limit; 0 is none
   * @param weightDecay L2 decay of the weights (biases never, unless asked for); 0 is none
   * @param emaDecay the weight average's decay; 0 is no average
   * @param labelSmoothing the share of each target spread over all classes; 0 is none
   */
  public record Choices(InitScheme init, int warmupSteps, Augmentation augmentation, TrainingCrop crop,
      double clipNorm, RateSchedule lrSchedule, double weightDecay, double emaDecay, double labelSmoothing) {}

  private final Choices choices;

  Recipe(Choices choices) {
    this.choices = choices;
  }

  public Choices choices() {
    return choices;
  }
}
