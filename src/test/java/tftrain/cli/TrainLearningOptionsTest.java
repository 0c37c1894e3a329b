package tftrain.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.data.TrainingCrop;
import tftrain.train.RateSchedule;
import tftrain.train.Recipe;
import tftrain.train.TrainingConfig;

/**
 * {@code --lr-schedule}, {@code --lr-patience}, {@code --weight-decay}, {@code --weight-decay-biases},
 * {@code --label-smoothing}, {@code --ema-decay}, {@code --crop} and {@code --color-jitter}: the recipes' defaults,
 * parsed into the config, bad values refused in one line before any training.
 */
class TrainLearningOptionsTest {

  private static TrainingConfig configOf(String... options) {
    return TrainRecipeTest.configOf(options);
  }

  @Test
  void theDefaultRecipeDecaysWithinTheRunAndTheSeedRecipeKeepsTheTutorialsStepLr() {
    TrainingConfig byDefault = configOf("--epochs", "6");
    assertEquals(RateSchedule.STEP, byDefault.optimizer().lrSchedule());
    assertArrayEquals(new int[] {4, 5}, byDefault.optimizer().schedule().boundaries(),
        "×0.1 after 2/3 and 5/6 of 6 epochs");
    TrainingConfig seed = configOf("--recipe", "seed");
    assertEquals(RateSchedule.PIECEWISE, seed.optimizer().lrSchedule());
    assertArrayEquals(new int[] {10, 20}, seed.optimizer().schedule().boundaries(), "the tutorial's StepLR(10, 0.1)");
    for (TrainingConfig config : new TrainingConfig[] {byDefault, seed}) {
      assertEquals(Recipe.valueOf(config == seed ? "SEED" : "DEFAULT").choices().weightDecay(),
          config.optimizer().weightDecay());
      assertFalse(config.optimizer().weightDecayBiases());
      assertEquals(0.0, config.optimizer().labelSmoothing());
    }
    assertEquals(0.99, byDefault.optimizer().emaDecay(), "the default keeps the weight average");
    assertEquals(0.0, seed.optimizer().emaDecay(), "the tutorial keeps the trained weights");
    assertEquals(0.0, configOf("--ema-decay", "0").optimizer().emaDecay(), "0 turns the average off");
    assertEquals(0.0, seed.optimizer().weightDecay(), "the tutorial has none");
    assertEquals(TrainingCrop.CENTER, seed.model().crop(), "the tutorial trains on the centre crop");
    assertEquals(Recipe.DEFAULT.choices().clipNorm(), configOf().optimizer().clipNorm());
  }

  @Test
  void theOptionsReachTheConfig() {
    TrainingConfig config = configOf("--epochs", "6", "--lr-schedule", "plateau", "--lr-patience", "3",
        "--weight-decay", "0.0005", "--weight-decay-biases", "--label-smoothing", "0.1", "--ema-decay", "0.999");
    assertEquals(RateSchedule.PLATEAU, config.optimizer().lrSchedule());
    assertEquals(3, config.optimizer().lrPatience());
    assertEquals(0.0005, config.optimizer().weightDecay());
    assertTrue(config.optimizer().weightDecayBiases());
    assertEquals(0.1, config.optimizer().labelSmoothing());
    assertEquals(0.999, config.optimizer().emaDecay());
    assertArrayEquals(new int[] {4, 5},
        configOf("--epochs", "6", "--lr-schedule", "step").optimizer().schedule().boundaries());
    assertEquals(RateSchedule.COSINE, configOf("--lr-schedule", "Cosine").optimizer().lrSchedule());
    TrainingConfig cropping = configOf("--crop", "random-resized", "--color-jitter", "0.2");
    assertEquals(TrainingCrop.RANDOM_RESIZED, cropping.model().crop());
    assertEquals(0.2, cropping.model().colorJitter());
    assertEquals(256, cropping.trainingPreprocessing().imageSize(), "training decodes the whole resized square");
    assertEquals(224, cropping.preprocessing().imageSize(), "validation and serving the centre crop");
    assertEquals(RateSchedule.PIECEWISE, configOf("--lr-step-size", "4").optimizer().lrSchedule(),
        "a step size picks the schedule it belongs to");
  }

  @Test
  void boundariesWithoutValuesDecayTheRateByGammaAtEach() {
    TrainingConfig config = configOf("--epochs", "6", "--lr", "0.02", "--lr-gamma", "0.5", "--lr-boundaries", "4,5");
    assertArrayEquals(new int[] {4, 5}, config.optimizer().schedule().boundaries());
    assertArrayEquals(new double[] {0.02, 0.01, 0.005}, config.optimizer().schedule().values(), 1e-12,
        "PyTorch's MultiStepLR(milestones, gamma)");
    assertArrayEquals(new double[] {0.01, 0.001}, configOf("--lr-boundaries", "10", "--lr-values", "0.01,0.001")
        .optimizer().schedule().values(), "given values win");
  }

  @Test
  void badValuesAreOneLineErrorsWithExitCodeTwo(@TempDir Path temp) throws Exception {
    String[][] cases = {
      {"--weight-decay", "-0.1"}, {"--label-smoothing", "1"}, {"--lr-schedule", "linear"},
      {"--lr-schedule", "plateau", "--lr-patience", "0"}, {"--ema-decay", "1"},
      {"--lr-schedule", "cosine", "--lr-boundaries", "3", "--lr-values", "0.01,0.001"},
      {"--crop", "diagonal"}, {"--color-jitter", "0.9"}, {"--lr-gamma", "0", "--lr-boundaries", "3"}
    };
    String[] expected = {
      "--weight-decay must be 0 (off) or positive, got -0.1", "--label-smoothing must be in [0, 1), got 1.0",
      "'linear' is not one of piecewise, step, cosine, plateau", "--lr-patience must be at least 1, got 0",
      "--ema-decay must be in [0, 1) (0 = off), got 1.0",
      "--lr-schedule cosine starts from one rate, but --lr-boundaries changes the rate after epochs [3]",
      "'diagonal' is not one of center, random, random-resized", "--color-jitter must be in [0, 0.5], got 0.9",
      "--lr-gamma must be positive, got 0.0"
    };
    for (int i = 0; i < cases.length; i++) {
      Path out = temp.resolve("r" + i);
      String[] args = new String[cases[i].length + 3];
      args[0] = "train";
      System.arraycopy(cases[i], 0, args, 1, cases[i].length);
      args[args.length - 2] = "-o";
      args[args.length - 1] = out.toString();
      Run run = Run.of(args);
      assertEquals(2, run.exitCode(), run.err());
      assertEquals(1, run.err().strip().lines().count(), run.err());
      assertTrue(run.err().contains(expected[i]), run.err());
      assertFalse(Files.exists(out.resolve("checkpoint")), "nothing trained");
    }
  }
}
