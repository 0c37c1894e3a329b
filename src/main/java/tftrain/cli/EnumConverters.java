package tftrain.cli;

import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;
import tftrain.data.Augmentation;
import tftrain.data.TrainingCrop;
import tftrain.data.Normalization;
import tftrain.model.InitScheme;
import tftrain.train.EarlyStopMonitor;
import tftrain.train.RateSchedule;
import tftrain.train.Recipe;

/** Command-line spellings of enums: lower case with dashes ("vertical-flip", "imagenet"). */
final class EnumConverters {

  private EnumConverters() {}

  static <E extends Enum<E>> E parse(Class<E> type, String value) {
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      StringBuilder choices = new StringBuilder();
      for (E constant : type.getEnumConstants()) {
        choices.append(choices.length() == 0 ? "" : ", ")
            .append(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
      }
      throw new TypeConversionException("'" + value + "' is not one of " + choices);
    }
  }

  /** Registers the lower-case-with-dashes spelling for every enum option of tftrain's commands. */
  static void registerAll(CommandLine commandLine) {
    register(commandLine, Augmentation.class);
    register(commandLine, TrainingCrop.class);
    register(commandLine, Recipe.class);
    register(commandLine, InitScheme.class);
    register(commandLine, Normalization.class);
    register(commandLine, EarlyStopMonitor.class);
    register(commandLine, RateSchedule.class);
  }

  private static <E extends Enum<E>> void register(CommandLine commandLine, Class<E> type) {
    commandLine.registerConverter(type, value -> parse(type, value));
  }
}
