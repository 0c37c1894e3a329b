package tftrain.cli;

import java.util.Map;
import tftrain.InvalidSettingException;
import tftrain.train.ResumeSettings;

/**
 * The options that set a config's settings, for errors: the records below the CLI speak of their settings
 * ({@code batchSize must be at least 1, got 0}) and the user reads the option to fix
 * ({@code --batch-size must be at least 1, got 0}).
 */
final class SettingOptions {

  /**
   * Settings whose first option in {@link ResumeSettings#TABLE} is not the one an error should name, and the
   * parts of the schedule, which the table names as one.
   */
  private static final Map<String, String> NAMED_BY = Map.of(
      "trainDir", "--train-dir", "valDir", "--val-dir", "schedule", "--lr-boundaries",
      "schedule.boundaries", "--lr-boundaries", "schedule.values", "--lr-values", "lrStepSize", "--lr-step-size",
      "lrGamma", "--lr-gamma");

  private SettingOptions() {}

  /** The error's message with each setting it names replaced by its option. */
  static String reworded(InvalidSettingException error) {
    return error.reworded(SettingOptions::optionOf);
  }

  /** The option that sets {@code setting}: its first in {@link ResumeSettings#TABLE} unless named otherwise. */
  static String optionOf(String setting) {
    return NAMED_BY.getOrDefault(setting, ResumeSettings.TABLE.stream()
        .filter(row -> row.field().equals(setting)).findFirst()
        .map(row -> row.options().get(0))
        .orElse(setting));
  }
}
