package tftrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tftrain.InvalidSettingException;
import tftrain.testing.TestConfigs;
import tftrain.train.LearningRateSchedule;
import tftrain.train.RateSchedule;
import tftrain.train.ResumeSettings;
import tftrain.train.TrainingConfig;

/** The records speak of their settings; the user reads the options that set them. */
class SettingOptionsTest {

  private static final TrainingConfig VALID = TestConfigs.small(Path.of("data"), 10, 7);

  @Test
  void everyRefusedSettingIsNamedByItsOption() {
    // Refusals of five group records, the two-setting ones included; every setting's option is checked below.
    Object[][] broken = {
      {"batchSize", -1, "--batch-size must be at least 1, got -1"},
      {"resize", 60, "--resize (60) must be at least --image-size (63)"},
      {"threads", 100000, "--threads must be at most 1024, got 100000"},
      {"valSplit", 0.3, "give either --val-dir or --val-split, not both"},
      {"clipNorm", -1.0, "--clip-norm must be 0 (off) or positive, got -1.0"},
    };
    for (Object[] row : broken) {
      InvalidSettingException refused = assertThrows(InvalidSettingException.class,
          () -> TestConfigs.with(VALID, (String) row[0], row[1]), row[0] + " = " + row[1]);
      assertEquals(row[2], SettingOptions.reworded(refused));
    }
    InvalidSettingException boundaries = assertThrows(InvalidSettingException.class,
        () -> VALID.toBuilder().lrSchedule(RateSchedule.COSINE)
            .schedule(new LearningRateSchedule(new int[] {3}, new double[] {0.1, 0.01})).build());
    assertEquals("--lr-schedule cosine starts from one rate, but --lr-boundaries changes the rate after epochs [3] "
        + "(a plan for the piecewise and step schedules)", SettingOptions.reworded(boundaries));
  }

  @Test
  void everySettingHasAnOptionOfItsCommand() {
    for (ResumeSettings.Setting row : ResumeSettings.TABLE) {
      String option = SettingOptions.optionOf(row.field());
      assertTrue(row.options().contains(option), row.field() + " named by " + option);
    }
  }

  @Test
  void theScheduleIsRefusedByItsOptions() {
    assertEquals("--lr-values needs one more value than --lr-boundaries (2 values for 2 boundaries)",
        SettingOptions.reworded(assertThrows(InvalidSettingException.class,
            () -> new LearningRateSchedule(new int[] {3, 5}, new double[] {0.1, 0.01}))));
    assertEquals("--lr-boundaries must be increasing epoch numbers ≥ 1: [5, 3]",
        SettingOptions.reworded(assertThrows(InvalidSettingException.class,
            () -> new LearningRateSchedule(new int[] {5, 3}, new double[] {0.1, 0.01, 0.001}))));
    assertEquals("--lr-step-size must be at least 1, got 0", SettingOptions.reworded(assertThrows(
        InvalidSettingException.class, () -> LearningRateSchedule.stepDecay(0.01, 0, 0.1, 10))));
  }

  @Test
  void aSettingsNameInsideAnotherWordStaysAsItIs() {
    InvalidSettingException refused = new InvalidSettingException("schedule of lrSchedule in schedules", "schedule");
    assertEquals("--lr-boundaries of lrSchedule in schedules", SettingOptions.reworded(refused));
  }
}
