package tftrain.train;

/**
 * How far an interrupted epoch got: the steps done and the running sums of its metrics, so that a resume
 * continues at the next batch of the same deterministic epoch plan and reports the whole epoch.
 */
public record EpochProgress(int stepsDone, double lossSum, long correct, long images, double seconds) {

  public static final EpochProgress NONE = new EpochProgress(0, 0, 0, 0, 0);

  public EpochProgress plus(StepResult step, double stepSeconds) {
    return new EpochProgress(
        stepsDone + 1, lossSum + step.meanLoss() * step.images(), correct + step.correct(),
        images + step.images(), seconds + stepSeconds);
  }
}
