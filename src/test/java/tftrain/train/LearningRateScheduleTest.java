package tftrain.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import tftrain.BadInputException;

class LearningRateScheduleTest {

  @Test
  void stepDecayIsTheSeedsStepLr() {
    LearningRateSchedule schedule = LearningRateSchedule.stepDecay(0.01, 10, 0.1, 25);
    assertArrayEquals(new int[] {10, 20}, schedule.boundaries());
    assertEquals(0.01, schedule.rateAt(1), 1e-12);
    assertEquals(0.01, schedule.rateAt(10), 1e-12);
    assertEquals(0.001, schedule.rateAt(11), 1e-12);
    assertEquals(0.001, schedule.rateAt(20), 1e-12);
    assertEquals(0.0001, schedule.rateAt(21), 1e-12);
    assertEquals(0.0001, schedule.rateAt(25), 1e-12);
  }

  @Test
  void piecewiseConstantHasKerasSemantics() {
    LearningRateSchedule schedule = new LearningRateSchedule(new int[] {3, 5}, new double[] {1, 0.5, 0.1});
    double[] expected = {1, 1, 1, 0.5, 0.5, 0.1, 0.1};
    for (int epoch = 1; epoch <= expected.length; epoch++) {
      assertEquals(expected[epoch - 1], schedule.rateAt(epoch), 1e-12, "epoch " + epoch);
    }
  }

  @Test
  void badSchedulesAreRejected() {
    assertThrows(BadInputException.class, () -> new LearningRateSchedule(new int[] {10}, new double[] {0.1}));
    assertThrows(BadInputException.class, () -> new LearningRateSchedule(new int[] {10, 5}, new double[] {1, 2, 3}));
    assertThrows(BadInputException.class, () -> new LearningRateSchedule(new int[0], new double[] {-1}));
    assertThrows(BadInputException.class, () -> LearningRateSchedule.stepDecay(0.01, 0, 0.1, 5));
    assertThrows(BadInputException.class, () -> LearningRateSchedule.multiStep(0.01, 0, new int[] {3}));
  }

  @Test
  void multiStepMultipliesByGammaAtEachBoundary() {
    LearningRateSchedule schedule = LearningRateSchedule.multiStep(0.02, 0.5, new int[] {4, 5});
    assertArrayEquals(new double[] {0.02, 0.01, 0.005}, schedule.values(), 1e-12);
    assertArrayEquals(new int[] {4, 5}, LearningRateSchedule.relativeSteps(0.01, 0.1, 6).boundaries(),
        "after 2/3 and 5/6 of 6 epochs");
    assertArrayEquals(new double[] {0.01}, LearningRateSchedule.multiStep(0.01, 0, new int[0]).values(),
        "no boundary, no use for gamma");
  }
}
