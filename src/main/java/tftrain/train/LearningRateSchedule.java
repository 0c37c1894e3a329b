package tftrain.train;

import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import tftrain.BadInputException;
import tftrain.InvalidSettingException;

/**
 * A piecewise-constant learning rate over epochs, with Keras {@code PiecewiseConstantDecay} semantics:
 * {@code values[0]} while epoch ≤ boundaries[0], {@code values[i]} while boundaries[i-1] < epoch ≤
 * boundaries[i], the last value after the last boundary. Epochs count from 1 here, so boundaries 10, 20
 * mean epochs 1–10, 11–20 and 21+: the seed's {@code StepLR(step_size=10, gamma=0.1)}.
 */
public record LearningRateSchedule(int[] boundaries, double[] values) {

  public LearningRateSchedule {
    if (values.length != boundaries.length + 1) {
      throw new InvalidSettingException(
          "schedule.values needs one more value than schedule.boundaries ("
              + values.length + " values for " + boundaries.length + " boundaries)",
          "schedule.values", "schedule.boundaries");
    }
    for (int i = 0; i < boundaries.length; i++) {
      if (boundaries[i] < 1 || (i > 0 && boundaries[i] <= boundaries[i - 1])) {
        throw new InvalidSettingException("schedule.boundaries must be increasing epoch numbers ≥ 1: "
            + Arrays.toString(boundaries), "schedule.boundaries");
      }
    }
    for (double value : values) {
      if (!(value > 0) || Double.isInfinite(value)) {
        throw new BadInputException("learning rates must be positive, got " + value);
      }
    }
    boundaries = boundaries.clone();
    values = values.clone();
  }

  /**
   * The seed's schedule: {@code initial}, multiplied by {@code gamma} every {@code stepEpochs} epochs, up to
   * {@code epochs}.
   */
  public static LearningRateSchedule stepDecay(double initial, int stepEpochs, double gamma, int epochs) {
    if (stepEpochs < 1) {
      throw new InvalidSettingException("lrStepSize must be at least 1, got " + stepEpochs, "lrStepSize");
    }
    int[] boundaries =
        IntStream.rangeClosed(1, Math.max(0, (epochs - 1) / stepEpochs)).map(i -> i * stepEpochs).toArray();
    return multiStep(initial, gamma, boundaries);
  }

  /**
   * A step decay that follows the run: {@code initial}, × {@code gamma} after two thirds of the {@code epochs}
   * and again after five sixths (boundaries rounded down; those below epoch 1 or repeated are left out, so a
   * very short run decays less often). For 6 epochs: epochs 1–4, 5, 6; for 25: 1–16, 17–20, 21–25.
   */
  public static LearningRateSchedule relativeSteps(double initial, double gamma, int epochs) {
    int[] boundaries = IntStream.of(epochs * 2 / 3, epochs * 5 / 6).filter(b -> b >= 1).distinct().toArray();
    return multiStep(initial, gamma, boundaries);
  }

  /** {@code initial}, multiplied by {@code gamma} after each of {@code boundaries}: PyTorch's {@code MultiStepLR}. */
  public static LearningRateSchedule multiStep(double initial, double gamma, int[] boundaries) {
    if (boundaries.length > 0 && (!(gamma > 0) || Double.isInfinite(gamma))) {
      throw new InvalidSettingException("lrGamma must be positive, got " + gamma, "lrGamma");
    }
    double[] values = new double[boundaries.length + 1];
    values[0] = initial;
    for (int i = 1; i < values.length; i++) {
      values[i] = values[i - 1] * gamma;
    }
    return new LearningRateSchedule(boundaries, values);
  }

  @Override
  public int[] boundaries() {
    return boundaries.clone();
  }

  @Override
  public double[] values() {
    return values.clone();
  }

  /** The rate for a 1-based epoch. */
  public double rateAt(int epoch) {
    for (int i = 0; i < boundaries.length; i++) {
      if (epoch <= boundaries[i]) {
        return values[i];
      }
    }
    return values[values.length - 1];
  }

  @Override
  public String toString() {
    return "boundaries " + Arrays.stream(boundaries).mapToObj(Integer::toString).collect(Collectors.joining(","))
        + " values " + Arrays.stream(values).mapToObj(Double::toString).collect(Collectors.joining(","));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LearningRateSchedule that
        && Arrays.equals(boundaries, that.boundaries)
        && Arrays.equals(values, that.values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(boundaries) + Arrays.hashCode(values);
  }
}
