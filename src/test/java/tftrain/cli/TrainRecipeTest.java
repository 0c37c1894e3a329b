package tftrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tftrain.data.Augmentation;
import tftrain.model.InitScheme;
import tftrain.train.TrainingConfig;

/**
 * {@code --recipe} sets init, warm-up, flips and clipping together; a flag of its own wins. Checked on the
 * config the parsed command line describes (as {@link CommandDefaultsTest} does), without training.
 */
class TrainRecipeTest {

  /** The config {@code train OPTIONS} describes, with seed 1, without training. */
  static TrainingConfig configOf(String... options) {
    CommandLine commandLine = TftrainCommand.newCommandLine();
    String[] args = new String[options.length + 1];
    args[0] = "train";
    System.arraycopy(options, 0, args, 1, options.length);
    commandLine.parseArgs(args);
    TrainCommand train = commandLine.getSubcommands().get("train").getCommand();
    return train.configBuilder().seed(1).build();
  }

  @Test
  void theDefaultRecipeIsHeInitWarmUpHorizontalFlipsAndClipping() {
    TrainingConfig defaults = configOf();
    assertEquals(InitScheme.HE, defaults.model().init());
    assertEquals(20, defaults.optimizer().warmupSteps());
    assertEquals(Augmentation.HORIZONTAL_FLIP, defaults.model().augmentation());
    assertEquals(5.0, defaults.optimizer().clipNorm());
  }

  @Test
  void theSeedRecipeIsTheTutorialsAndItsOwnFlagsOverrideIt() {
    TrainingConfig seed = configOf("--recipe", "seed");
    assertEquals(InitScheme.PYTORCH, seed.model().init());
    assertEquals(0, seed.optimizer().warmupSteps());
    assertEquals(Augmentation.VERTICAL_FLIP, seed.model().augmentation());
    assertEquals(0.0, seed.optimizer().clipNorm());

    TrainingConfig mixed = configOf("--recipe", "seed", "--init", "xavier", "--clip-norm", "2");
    assertEquals(InitScheme.XAVIER, mixed.model().init());
    assertEquals(2.0, mixed.optimizer().clipNorm());
    assertEquals(Augmentation.VERTICAL_FLIP, mixed.model().augmentation());
    assertEquals(0, mixed.optimizer().warmupSteps());

    // The flag wins whichever side of --recipe it is on.
    assertEquals(Augmentation.NONE, configOf("--augment", "none", "--recipe", "seed").model().augmentation());
  }

  @Test
  void badRecipeValuesAreOneLineErrors(@TempDir Path temp) {
    var unknown = Run.of("train", "--recipe", "fancy", "-o", temp.resolve("r").toString());
    assertEquals(2, unknown.exitCode());
    assertEquals(1, unknown.err().lines().count(), unknown.err());
    var negative = Run.of("train", "--warmup-steps", "-3", "-o", temp.resolve("r2").toString());
    assertEquals(2, negative.exitCode());
    assertEquals("tftrain: error: --warmup-steps must be 0 (none) or positive, got -3", negative.err().strip());
    // One picture of at most 512 tiles: a larger one would run out of memory before the checkpoint, every resume.
    var huge = Run.of("train", "--mistakes", "513", "-o", temp.resolve("r3").toString());
    assertEquals(2, huge.exitCode());
    assertEquals("tftrain: error: --mistakes must be at most 512 (one picture), got 513", huge.err().strip());
  }
}
