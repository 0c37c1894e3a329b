package tftrain.train;

/**
 * How the learning rate moves over a run ({@code --lr-schedule}); {@link LearningRatePlan} gives each
 * step's rate. The warm-up ({@code --warmup-steps}) scales every kind's rate the same way.
 */
public enum RateSchedule {
  /**
   * The default: the config's piecewise-constant {@link LearningRateSchedule} over absolute epochs
   * ({@code --lr-boundaries}/{@code --lr-values}, else the tutorial's StepLR of {@code --lr-step-size}).
   */
  PIECEWISE,
  /**
   * Piecewise constant too, but with boundaries that follow {@code --epochs} when none are given: × gamma
   * after two thirds and again after five sixths of the epochs ({@link LearningRateSchedule#relativeSteps}).
   */
  STEP,
  /** From {@code --lr} after the warm-up down to 0 at the run's last step, half a cosine, per step. */
  COSINE,
  /** {@code --lr}, divided by 10 each time val_acc has not improved for {@code --lr-patience} epochs. */
  PLATEAU;

  /** Whether the schedule starts from a single rate ({@code --lr}) rather than piecewise values. */
  public boolean startsFromOneRate() {
    return this == COSINE || this == PLATEAU;
  }
}
