package tftrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tftrain.BadInputException;
import tftrain.runtime.Precision;
import tftrain.testing.TestConfigs;

class ResumeSettingsTest {

  private static final TrainingConfig SAVED = TestConfigs.small(Path.of("data"), 10, 7);

  private static TrainingConfig with(TrainingConfig config, String field, Object value) {
    return TestConfigs.with(config, field, value);
  }

  @Test
  void everyTrainingConfigFieldHasARow() {
    List<String> fields = Arrays.stream(TrainingConfig.class.getRecordComponents())
        .flatMap(group -> Arrays.stream(group.getType().getRecordComponents())).map(RecordComponent::getName)
        .sorted().toList();
    assertEquals(fields, ResumeSettings.TABLE.stream().map(ResumeSettings.Setting::field).sorted().toList(),
        "add a row to ResumeSettings.TABLE for each field of a TrainingConfig group");
  }

  @Test
  void repeatingTheRunsOwnValuesIsFine() throws Exception {
    TrainingConfig requested = with(SAVED, "threads", 1);
    TrainingConfig resumed =
        ResumeSettings.resolve(SAVED, requested, Set.of("--lr", "--image-size", "--seed", "--threads"));
    assertEquals(with(SAVED, "threads", 1), resumed, "same values accepted, --threads taken");
  }

  @Test
  void aLongerRunKeepsItsScheduleWhenTheSameLrIsRepeated() throws Exception {
    TrainingConfig requested =
        with(with(SAVED, "epochs", 30), "schedule", LearningRateSchedule.stepDecay(0.02, 4, 0.1, 30));
    TrainingConfig resumed = ResumeSettings.resolve(SAVED, requested, Set.of("--lr", "--epochs"));
    assertEquals(30, resumed.loop().epochs());
    assertEquals(SAVED.optimizer().schedule(), resumed.optimizer().schedule());
  }

  @Test
  void changedFrozenSettingsAreRefusedByName() throws Exception {
    TrainingConfig requested = with(with(SAVED, "precision", Precision.BF16), "imageSize", 64);
    BadInputException refused = assertThrows(BadInputException.class,
        () -> ResumeSettings.resolve(SAVED, requested, Set.of("--precision", "--image-size")));
    assertTrue(refused.getMessage().startsWith(
        "cannot resume with changed settings: --image-size 64 (the run's: 63), --precision bf16 (the run's: fp32)"),
        refused.getMessage());
    // Not given on the command line: the saved value stands, whatever the default would be.
    assertEquals(SAVED, ResumeSettings.resolve(SAVED, requested, Set.of()));
  }

  @Test
  void anotherRecipeIsRefusedForTheWeightAverageItSets() {
    TrainingConfig averaged = with(SAVED, "emaDecay", 0.99);
    TrainingConfig seedRecipe = with(SAVED, "emaDecay", 0.0);
    BadInputException refused = assertThrows(BadInputException.class,
        () -> ResumeSettings.resolve(averaged, seedRecipe, Set.of("--recipe")));
    assertTrue(refused.getMessage().startsWith("cannot resume with changed settings: --recipe 0"),
        refused.getMessage());
    assertTrue(refused.getMessage().contains("(the run's: 0.99)"), refused.getMessage());
  }
}
