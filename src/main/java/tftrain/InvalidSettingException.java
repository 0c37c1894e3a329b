package tftrain;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A setting's value breaks its rule. The message names settings as the config and {@code state.json} do
 * ({@code batchSize must be at least 1, got 0}); a command line rewords it in its own options' names
 * ({@link #reworded}), so the records below the CLI know no option names.
 */
public class InvalidSettingException extends BadInputException {

  private static final long serialVersionUID = 1L;

  private final List<String> settings;

  /**
   * @param message what is wrong, naming the settings by their config names
   * @param settings the config names the message uses, each as a whole word
   */
  public InvalidSettingException(String message, String... settings) {
    super(message);
    this.settings = List.of(settings);
  }

  /** Refuses {@code value} of {@code setting} below {@code minimum}. */
  public static void requireAtLeast(String setting, long value, long minimum) {
    if (value < minimum) {
      throw new InvalidSettingException(setting + " must be at least " + minimum + ", got " + value, setting);
    }
  }

  /** Refuses {@code value} of {@code setting} above {@code maximum}. */
  public static void requireAtMost(String setting, long value, long maximum) {
    if (value > maximum) {
      throw new InvalidSettingException(setting + " must be at most " + maximum + ", got " + value, setting);
    }
  }

  /** The config names of the settings the message speaks of. */
  public List<String> settings() {
    return settings;
  }

  /** The message with every setting's name replaced, in one pass, by {@code words}' word for it. */
  public String reworded(UnaryOperator<String> words) {
    Pattern names = Pattern.compile(
        "\\b(" + String.join("|", settings.stream().map(Pattern::quote).toList()) + ")\\b");
    return names.matcher(getMessage()).replaceAll(match -> Matcher.quoteReplacement(words.apply(match.group())));
  }
}
