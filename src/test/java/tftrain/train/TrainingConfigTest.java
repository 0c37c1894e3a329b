package tftrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.BadInputException;
import tftrain.report.JsonFiles;
import tftrain.testing.TestConfigs;

class TrainingConfigTest {

  private static final TrainingConfig VALID = TestConfigs.small(Path.of("data"), 10, 7);

  /** The canonical constructor with one field replaced, as Jackson calls it when reading a checkpoint. */
  private static TrainingConfig construct(String field, Object value) throws Throwable {
    RecordComponent[] components = TrainingConfig.class.getRecordComponents();
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      values[i] = components[i].getName().equals(field) ? value : components[i].getAccessor().invoke(VALID);
    }
    Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
    try {
      return TrainingConfig.class.getDeclaredConstructor(types).newInstance(values);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Test
  void theRecordRefusesEveryBrokenRuleWhereverTheConfigComesFrom() {
    Object[][] broken = {
      {"epochs", 0, "--epochs must be at least 1, got 0"},
      {"batchSize", -1, "--batch-size must be at least 1, got -1"},
      {"momentum", 1.0, "--momentum must be in [0, 1), got 1.0"},
      {"dropout", 1.0, "--dropout must be in [0, 1), got 1.0"},
      {"clipNorm", -1.0, "--clip-norm must be 0 (off) or positive, got -1.0"},
      {"imageSize", 32, "--image-size must be at least 63 for AlexNet, got 32"},
      {"resize", 60, "--resize (60) must be at least --image-size (63)"},
      {"threads", 0, "--threads must be at least 1, got 0"},
      {"threads", 100000, "--threads must be at most 1024, got 100000"},
      {"imageSize", 100000, "--image-size must be at most 1024 for AlexNet (its fc6 layer would pass a billion weights), got 100000"},
      {"resize", 100000, "--resize must be at most 4096, got 100000"},
      {"warmupSteps", -2, "--warmup-steps must be 0 (none) or positive, got -2"},
      {"maxPixels", -5L, "--max-pixels must be at least 1, got -5"},
      {"valSplit", 0.3, "give either --val-dir or --val-split, not both"},
      {"earlyStopPatience", -1, "--early-stop-patience must be at least 0, got -1"},
    };
    for (Object[] row : broken) {
      BadInputException refused = assertThrows(BadInputException.class, () -> construct((String) row[0], row[1]),
          row[0] + " = " + row[1]);
      assertEquals(row[2], refused.getMessage());
    }
    BadInputException split = assertThrows(BadInputException.class,
        () -> VALID.toBuilder().split("data", 1.5).build());
    assertEquals("--val-split must be between 0 and 1 (exclusive), got 1.5", split.getMessage());
    assertThrows(BadInputException.class, () -> VALID.toBuilder().maxPixels(0));
  }

  @Test
  void aBrokenConfigInACheckpointIsRefusedWhenRead(@TempDir Path run) throws Exception {
    Path state = Checkpoint.folder(run).resolve(Checkpoint.STATE_FILE);
    Files.createDirectories(state.getParent());
    Files.writeString(Checkpoint.folder(run).resolve(Checkpoint.VARIABLES_PREFIX + ".index"), "");
    JsonFiles.write(state, TrainingState.initial(List.of("a", "b"), VALID));
    assertEquals(VALID, Checkpoint.readState(run).config(), "round trip");
    Files.writeString(state, Files.readString(state).replace("\"batchSize\": 8", "\"batchSize\": 0"));
    BadInputException refused = assertThrows(BadInputException.class, () -> Checkpoint.readState(run));
    assertTrue(refused.getMessage().contains("--batch-size must be at least 1, got 0"), refused.getMessage());
  }

  @Test
  void theBuilderStartsFromTheDefaultsAndTheDefaultRecipe() {
    TrainingConfig defaults = TrainingConfig.builder().build();
    assertEquals(TrainingConfig.Defaults.EPOCHS, defaults.epochs());
    assertEquals(TrainingConfig.Defaults.BATCH_SIZE, defaults.batchSize());
    assertEquals(LearningRateSchedule.stepDecay(0.01, 10, 0.1, 25), defaults.schedule());
    assertEquals(256, defaults.resize(), "256/224 of 224");
    assertEquals(Recipe.DEFAULT.clipNorm(), defaults.clipNorm());
    assertEquals(Recipe.DEFAULT.augmentation(), defaults.augmentation());
    assertEquals(Recipe.DEFAULT.init(), defaults.init());
    assertEquals(Recipe.DEFAULT.warmupSteps(), defaults.warmupSteps());
    TrainingConfig seed = TrainingConfig.builder().recipe(Recipe.SEED).build();
    assertEquals(Recipe.SEED.clipNorm(), seed.clipNorm());
    assertEquals(Recipe.SEED.augmentation(), seed.augmentation());
    assertEquals(VALID, VALID.toBuilder().build(), "toBuilder keeps every field");
  }
}
