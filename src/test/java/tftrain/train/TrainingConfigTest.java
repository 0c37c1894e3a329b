package tftrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.BadInputException;
import tftrain.report.JsonFiles;
import tftrain.runtime.ComputeSettings;
import tftrain.runtime.Precision;
import tftrain.testing.TestConfigs;

class TrainingConfigTest {

  private static final TrainingConfig VALID = TestConfigs.small(Path.of("data"), 10, 7);

  /** The canonical constructors with one field replaced, as Jackson calls them when reading a checkpoint. */
  private static TrainingConfig construct(String field, Object value) {
    return TestConfigs.with(VALID, field, value);
  }

  @Test
  void theRecordRefusesEveryBrokenRuleWhereverTheConfigComesFrom() {
    Object[][] broken = {
      {"epochs", 0, "epochs must be at least 1, got 0"},
      {"batchSize", -1, "batchSize must be at least 1, got -1"},
      {"momentum", 1.0, "momentum must be in [0, 1), got 1.0"},
      {"dropout", 1.0, "dropout must be in [0, 1), got 1.0"},
      {"clipNorm", -1.0, "clipNorm must be 0 (off) or positive, got -1.0"},
      {"imageSize", 32, "imageSize must be at least 63 for AlexNet, got 32"},
      {"resize", 60, "resize (60) must be at least imageSize (63)"},
      {"threads", 0, "threads must be at least 1, got 0"},
      {"threads", 100000, "threads must be at most 1024, got 100000"},
      {"imageSize", 100000, "imageSize must be at most 1024 for AlexNet"
          + " (its fc6 layer would pass a billion weights), got 100000"},
      {"resize", 100000, "resize must be at most 4096, got 100000"},
      {"warmupSteps", -2, "warmupSteps must be 0 (none) or positive, got -2"},
      {"maxPixels", -5L, "maxPixels must be at least 1, got -5"},
      {"valSplit", 0.3, "give either valDir or valSplit, not both"},
      {"earlyStopPatience", -1, "earlyStopPatience must be at least 0, got -1"},
    };
    for (Object[] row : broken) {
      BadInputException refused = assertThrows(BadInputException.class, () -> construct((String) row[0], row[1]),
          row[0] + " = " + row[1]);
      assertEquals(row[2], refused.getMessage());
    }
    BadInputException split = assertThrows(BadInputException.class,
        () -> VALID.toBuilder().split("data", 1.5).build());
    assertEquals("valSplit must be between 0 and 1 (exclusive), got 1.5", split.getMessage());
    assertThrows(BadInputException.class, () -> VALID.toBuilder().maxPixels(0));
  }

  @Test
  void aStateFileOfTheFlatLayoutReadsIntoTheGroupsAndWritesBackTheSameFields(@TempDir Path run) throws Exception {
    // Written by tftrain before the config had groups (a state.json of a run to resume).
    Path before = Path.of(TrainingConfigTest.class.getResource("state-before-groups.json").toURI());
    Path state = Checkpoint.folder(run).resolve(Checkpoint.STATE_FILE);
    Files.createDirectories(state.getParent());
    Files.writeString(Checkpoint.folder(run).resolve(Checkpoint.VARIABLES_PREFIX + ".index"), "");
    Files.copy(before, state);
    TrainingConfig read = Checkpoint.readForResume(run).config();
    assertEquals(TrainingConfig.builder().split("photos", 0.2).epochs(12).batchSize(16)
        .lrSchedule(RateSchedule.COSINE).momentum(0.8).dropout(0.3).recipe(Recipe.SEED).imageSize(96).seed(42)
        .compute(new ComputeSettings(3, Precision.BF16)).maxBatches(5).maxPixels(5_000_000)
        .earlyStop(4, EarlyStopMonitor.VAL_LOSS).cacheDir("cache").mistakes(16).weightDecay(5e-4, true)
        .labelSmoothing(0.1).emaDecay(0.999).build(), read, "every field in its group");
    Path again = run.resolve("again.json");
    JsonFiles.write(again, Checkpoint.readState(run));
    ObjectMapper json = new ObjectMapper();
    var expected = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(before.toFile());
    // Fields added after that file was written, with the values every run of its time had.
    ((com.fasterxml.jackson.databind.node.ObjectNode) expected.get("config")).put("crop", "CENTER")
        .put("colorJitter", 0.0).put("reduceDtype", "FP32");
    assertEquals(expected, json.readTree(again.toFile()), "the same flat fields and values, plus the newer ones");
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
    assertTrue(refused.getMessage().contains("batchSize must be at least 1, got 0"), refused.getMessage());
  }

  @Test
  void theBuilderStartsFromTheDefaultsAndTheDefaultRecipe() {
    TrainingConfig defaults = TrainingConfig.builder().build();
    assertEquals(TrainingConfig.Defaults.EPOCHS, defaults.loop().epochs());
    assertEquals(TrainingConfig.Defaults.BATCH_SIZE, defaults.loop().batchSize());
    assertEquals(Recipe.DEFAULT.choices().lrSchedule(), defaults.optimizer().lrSchedule());
    assertEquals(LearningRateSchedule.relativeSteps(0.01, 0.1, 25), defaults.optimizer().schedule(),
        "×0.1 after 2/3 and 5/6 of the epochs");
    assertEquals(256, defaults.model().resize(), "256/224 of 224");
    assertEquals(Recipe.DEFAULT.choices().clipNorm(), defaults.optimizer().clipNorm());
    assertEquals(Recipe.DEFAULT.choices().augmentation(), defaults.model().augmentation());
    assertEquals(Recipe.DEFAULT.choices().init(), defaults.model().init());
    assertEquals(Recipe.DEFAULT.choices().warmupSteps(), defaults.optimizer().warmupSteps());
    TrainingConfig seed = TrainingConfig.builder().recipe(Recipe.SEED).build();
    assertEquals(Recipe.SEED.choices().clipNorm(), seed.optimizer().clipNorm());
    assertEquals(LearningRateSchedule.stepDecay(0.01, 10, 0.1, 25), seed.optimizer().schedule(),
        "the tutorial's StepLR");
    assertEquals(Recipe.SEED.choices().augmentation(), seed.model().augmentation());
    assertEquals(VALID, VALID.toBuilder().build(), "toBuilder keeps every field");
  }
}
