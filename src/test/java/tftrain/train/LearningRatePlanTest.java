package tftrain.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tftrain.BadInputException;
import tftrain.report.EpochMetrics;

/** The rate fed to every step of each {@code --lr-schedule}, warm-up included. */
class LearningRatePlanTest {

  private static TrainingConfig.Builder base(int epochs) {
    return TrainingConfig.builder().folders("t", "v").epochs(epochs).stepDecay(0.1, 10, 0.1).seed(1).warmupSteps(0);
  }

  private static List<EpochMetrics> history(double... valAccuracies) {
    List<EpochMetrics> history = new ArrayList<>();
    for (int i = 0; i < valAccuracies.length; i++) {
      history.add(new EpochMetrics(i + 1, 0, 1, 0.5, 1, valAccuracies[i], 1, 1));
    }
    return history;
  }

  @Test
  void thePiecewiseScheduleGivesEveryStepTodaysRateTheTutorialsStepLrWithWarmUp() {
    TrainingConfig config = base(25).lrSchedule(RateSchedule.PIECEWISE).warmupSteps(20).build();
    assertEquals(RateSchedule.PIECEWISE, config.optimizer().lrSchedule());
    LearningRatePlan plan = new LearningRatePlan(config, 7);
    long step = 0;
    for (int epoch = 1; epoch <= 25; epoch++) {
      double epochRate = plan.epochRate(epoch, List.of());
      assertEquals(config.optimizer().schedule().rateAt(epoch), epochRate);
      for (int i = 0; i < 7; i++, step++) {
        assertEquals(config.optimizer().rateAt(epoch, step), plan.stepRate(epochRate, step),
            "epoch " + epoch + " step " + step);
      }
    }
    assertEquals(0.1 / 20, plan.stepRate(plan.epochRate(1, List.of()), 0), 1e-15);
  }

  @Test
  void stepDecaysByGammaAfterTwoThirdsAndFiveSixthsOfTheEpochs() {
    TrainingConfig six = base(6).lrSchedule(RateSchedule.STEP).build();
    double[] expected = {0.1, 0.1, 0.1, 0.1, 0.01, 0.001};
    LearningRatePlan plan = new LearningRatePlan(six, 3);
    for (int epoch = 1; epoch <= 6; epoch++) {
      assertEquals(expected[epoch - 1], plan.epochRate(epoch, List.of()), 1e-12, "epoch " + epoch);
    }
    assertArrayEquals(new int[] {16, 20},
        base(25).lrSchedule(RateSchedule.STEP).build().optimizer().schedule().boundaries());
    assertArrayEquals(new int[] {1}, base(2).lrSchedule(RateSchedule.STEP).build().optimizer().schedule().boundaries());
    assertArrayEquals(new int[0], base(1).lrSchedule(RateSchedule.STEP).build().optimizer().schedule().boundaries());
    TrainingConfig absolute = base(6).lrSchedule(RateSchedule.STEP)
        .schedule(new LearningRateSchedule(new int[] {5}, new double[] {0.1, 0.03})).build();
    assertEquals(0.03, new LearningRatePlan(absolute, 3).epochRate(6, List.of()), 1e-12, "given boundaries win");
  }

  @Test
  void cosineFallsPerStepFromTheRateAfterTheWarmUpToZero() {
    TrainingConfig config = base(4).lrSchedule(RateSchedule.COSINE).warmupSteps(4).build();
    LearningRatePlan plan = new LearningRatePlan(config, 6); // 24 steps, 20 of them after the warm-up
    double epochOne = plan.epochRate(1, List.of());
    assertEquals(0.1, epochOne, 1e-12);
    for (long step = 0; step < 4; step++) {
      assertEquals(0.1 * (step + 1) / 4, plan.stepRate(epochOne, step), 1e-12, "warm-up step " + step);
    }
    for (long step = 4; step < 24; step++) {
      double expected = 0.1 * 0.5 * (1 + Math.cos(Math.PI * (step - 4) / 20.0));
      int epoch = (int) (step / 6) + 1;
      assertEquals(expected, plan.stepRate(plan.epochRate(epoch, List.of()), step), 1e-12, "step " + step);
    }
    assertEquals(0.1 * 0.5 * (1 + Math.cos(Math.PI * 14 / 20.0)), plan.epochRate(4, List.of()), 1e-12,
        "the epoch shows its first step's rate");
    assertTrue(plan.stepRate(0, 23) < 0.001, "the last step is near 0");
  }

  @Test
  void plateauDividesByTenAfterPatienceEpochsWithoutABetterValAccuracy() {
    TrainingConfig config = base(10).lrSchedule(RateSchedule.PLATEAU).lrPatience(2).build();
    LearningRatePlan plan = new LearningRatePlan(config, 5);
    List<EpochMetrics> history = history(0.6, 0.7, 0.7, 0.65, 0.8, 0.79, 0.78, 0.77, 0.9);
    double[] expected = {0.1, 0.1, 0.1, 0.1, 0.01, 0.01, 0.01, 0.001, 0.001, 0.001};
    for (int epoch = 1; epoch <= 10; epoch++) {
      assertEquals(expected[epoch - 1], plan.epochRate(epoch, history), 1e-12, "epoch " + epoch);
      assertEquals(expected[epoch - 1], plan.epochRate(epoch, history.subList(0, epoch - 1)), 1e-12,
          "epoch " + epoch + " from the history a resumed run has");
    }
    assertEquals(0.01, plan.stepRate(0.01, 40), 1e-12, "the epoch's rate for every step after the warm-up");
  }

  @Test
  void badScheduleOptionsAreOneLineErrors() {
    BadInputException boundaries = assertThrows(BadInputException.class, () -> base(6).lrSchedule(RateSchedule.COSINE)
        .schedule(new LearningRateSchedule(new int[] {3}, new double[] {0.1, 0.01})).build());
    assertEquals("lrSchedule cosine starts from one rate, but schedule changes the rate after epochs [3] "
        + "(a plan for the piecewise and step schedules)", boundaries.getMessage());
    assertEquals("lrPatience must be at least 1, got 0", assertThrows(BadInputException.class,
        () -> base(6).lrSchedule(RateSchedule.PLATEAU).lrPatience(0).build()).getMessage());
  }

  @Test
  void aCosineRunResumesOnlyOverItsOwnEpochs() {
    TrainingConfig saved = base(6).lrSchedule(RateSchedule.COSINE).build();
    TrainingConfig longer = saved.toBuilder().epochs(8).build();
    BadInputException refused = assertThrows(BadInputException.class,
        () -> ResumeSettings.resolve(saved, longer, Set.of("--epochs")));
    assertTrue(refused.getMessage().startsWith("cannot resume with --epochs 8 (the run's: 6): its cosine schedule"),
        refused.getMessage());
    assertEquals(saved, ResumeSettings.resolve(saved, saved.toBuilder().build(), Set.of("--epochs")));
    TrainingConfig plateau = base(6).lrSchedule(RateSchedule.PLATEAU).build();
    assertEquals(8,
        ResumeSettings.resolve(plateau, plateau.toBuilder().epochs(8).build(), Set.of("--epochs")).loop().epochs());
  }
}
