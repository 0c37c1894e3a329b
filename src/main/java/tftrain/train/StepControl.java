package tftrain.train;

/**
 * What a training step is told besides its batch.
 *
 * @param rate the learning rate of the step (the schedule's, warm-up included)
 * @param dropoutSeed the two seeds of the step's dropout masks and random crops: the same pair gives the same step
 * @param globalStep the run's step (0-based) this step is: the weight average's decay warms up along it, so a
 *     resumed run continues the warm-up where it stopped
 * @param averagedSteps how many steps the weight average takes in after this one (this and those since its last
 *     update; {@link WeightAveraging#stepsAveragedAfter}); 0: the average is not updated after this step
 */
public record StepControl(double rate, long[] dropoutSeed, long globalStep, int averagedSteps) {

  /**
   * Step {@code globalStep} of a run at {@code rate}, its masks drawn from {@code {runSeed, globalStep}}, the
   * weight average (if any) updated after it.
   */
  public static StepControl of(long globalStep, double rate, long runSeed) {
    return new StepControl(rate, new long[] {runSeed, globalStep}, globalStep, 1);
  }
}
