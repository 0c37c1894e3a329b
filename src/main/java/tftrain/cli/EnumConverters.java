package tftrain.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import tftrain.data.Augmentation;
import tftrain.data.Normalization;
import tftrain.model.InitScheme;
import tftrain.train.EarlyStopMonitor;
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
        choices.append(choices.length() == 0 ? "" : ", ").append(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
      }
      throw new TypeConversionException("'" + value + "' is not one of " + choices);
    }
  }

  static final class AugmentationConverter implements ITypeConverter<Augmentation> {
    @Override
    public Augmentation convert(String value) {
      return parse(Augmentation.class, value);
    }
  }

  static final class EarlyStopMonitorConverter implements ITypeConverter<EarlyStopMonitor> {
    @Override
    public EarlyStopMonitor convert(String value) {
      return parse(EarlyStopMonitor.class, value);
    }
  }

  static final class RecipeConverter implements ITypeConverter<Recipe> {
    @Override
    public Recipe convert(String value) {
      return parse(Recipe.class, value);
    }
  }

  static final class InitSchemeConverter implements ITypeConverter<InitScheme> {
    @Override
    public InitScheme convert(String value) {
      return parse(InitScheme.class, value);
    }
  }

  static final class NormalizationConverter implements ITypeConverter<Normalization> {
    @Override
    public Normalization convert(String value) {
      return parse(Normalization.class, value);
    }
  }
}
