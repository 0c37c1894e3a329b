package tftrain.train;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import tftrain.BadInputException;

/**
 * What {@code train --resume} may change: one row per field of a {@link TrainingConfig} group, naming the options
 * that set it and whether a resumed run may take a new value. Options are compared by value, not by
 * presence, so repeating the run's own {@code --lr 0.01} is fine and a changed {@code --precision} is
 * refused by name.
 *
 * <p>A new field in a group of TrainingConfig needs one row here; {@code ResumeSettingsTest} fails until it has one,
 * and until then the field counts as frozen.
 */
public final class ResumeSettings {

  /** Whether a resumed run may take a new value. */
  public enum Rule {
    /** Shapes the model, the optimizer's path or the data order: a new value would be another run. */
    FROZEN,
    /** Where or how fast the run goes, not what it computes. */
    MAY_CHANGE
  }

  /** One field of a {@link TrainingConfig} group and the options that set it. */
  public record Setting(String field, List<String> options, Rule rule) {}

  /** Every field of TrainingConfig's groups; messages list options in this order. */
  public static final List<Setting> TABLE =
      List.of(
          new Setting("trainDir", List.of("--data", "--train-dir"), Rule.MAY_CHANGE),
          new Setting("valDir", List.of("--data", "--val-dir"), Rule.MAY_CHANGE),
          new Setting("valSplit", List.of("--val-split"), Rule.FROZEN),
          new Setting("epochs", List.of("--epochs"), Rule.MAY_CHANGE),
          new Setting("batchSize", List.of("--batch-size"), Rule.FROZEN),
          new Setting("schedule",
              List.of("--lr", "--lr-step-size", "--lr-gamma", "--lr-boundaries", "--lr-values"), Rule.FROZEN),
          new Setting("momentum", List.of("--momentum"), Rule.FROZEN),
          new Setting("dropout", List.of("--dropout"), Rule.FROZEN),
          new Setting("clipNorm", List.of("--clip-norm", "--recipe"), Rule.FROZEN),
          new Setting("imageSize", List.of("--image-size"), Rule.FROZEN),
          new Setting("resize", List.of("--resize"), Rule.FROZEN),
          new Setting("normalization", List.of("--normalize"), Rule.FROZEN),
          new Setting("augmentation", List.of("--augment", "--recipe"), Rule.FROZEN),
          new Setting("seed", List.of("--seed"), Rule.FROZEN),
          new Setting("threads", List.of("--threads"), Rule.MAY_CHANGE),
          // bf16 and fp32 give different numbers (and bf16 is wrong on some CPUs): not the same run.
          new Setting("precision", List.of("--precision"), Rule.FROZEN),
          new Setting("maxBatches", List.of("--max-batches"), Rule.FROZEN),
          new Setting("init", List.of("--init", "--recipe"), Rule.FROZEN),
          new Setting("warmupSteps", List.of("--warmup-steps", "--recipe"), Rule.FROZEN),
          new Setting("maxPixels", List.of("--max-pixels"), Rule.MAY_CHANGE),
          // When to give up, like --epochs: not what an epoch computes.
          new Setting("earlyStopPatience", List.of("--early-stop-patience"), Rule.MAY_CHANGE),
          new Setting("earlyStopMonitor", List.of("--early-stop-monitor"), Rule.MAY_CHANGE),
          // Cached pixels are exactly the decoded ones: where they are kept changes nothing computed.
          new Setting("cacheDir", List.of("--cache"), Rule.MAY_CHANGE),
          // A picture drawn from the validation pass: it changes no number of the run.
          new Setting("mistakes", List.of("--mistakes"), Rule.MAY_CHANGE),
          new Setting("lrSchedule", List.of("--lr-schedule"), Rule.FROZEN),
          // A new patience would change when the plateau schedule divides the rate: another run from here.
          new Setting("lrPatience", List.of("--lr-patience"), Rule.FROZEN),
          new Setting("weightDecay", List.of("--weight-decay"), Rule.FROZEN),
          new Setting("weightDecayBiases", List.of("--weight-decay-biases"), Rule.FROZEN),
          new Setting("labelSmoothing", List.of("--label-smoothing"), Rule.FROZEN),
          new Setting("emaDecay", List.of("--ema-decay", "--recipe"), Rule.FROZEN),
          new Setting("crop", List.of("--crop", "--recipe"), Rule.FROZEN),
          new Setting("colorJitter", List.of("--color-jitter"), Rule.FROZEN),
          // Rounding the gradients on the wire changes every update of a multi-worker run.
          new Setting("reduceDtype", List.of("--reduce-dtype"), Rule.FROZEN));

  private ResumeSettings() {}

  /** The options whose new values a resume accepts, for messages and the README. */
  public static List<String> changeableOptions() {
    return TABLE.stream().filter(s -> s.rule() == Rule.MAY_CHANGE)
        .flatMap(s -> s.options().stream()).distinct().toList();
  }

  /**
   * The config a resumed run continues with: {@code saved}, with the values of {@code requested} for the
   * changeable fields whose options were given.
   *
   * @param requested the config the command line describes (defaults where an option was not given)
   * @param givenOptions the options the user typed, by their long names
   * @throws BadInputException naming every frozen setting given with a value other than the run's
   */
  public static TrainingConfig resolve(TrainingConfig saved, TrainingConfig requested, Set<String> givenOptions) {
    Map<String, Setting> byField = new LinkedHashMap<>();
    TABLE.forEach(setting -> byField.put(setting.field(), setting));
    List<String> rows = List.copyOf(byField.keySet());
    RecordComponent[] groups = TrainingConfig.class.getRecordComponents();
    Object[] groupValues = new Object[groups.length];
    Map<Integer, String> refused = new TreeMap<>(); // by row, so the message lists them in the table's order
    for (int g = 0; g < groups.length; g++) {
      Object savedGroup = get(groups[g], saved);
      Object requestedGroup = get(groups[g], requested);
      RecordComponent[] components = groups[g].getType().getRecordComponents();
      Object[] values = new Object[components.length];
      for (int i = 0; i < components.length; i++) {
        String field = components[i].getName();
        Object savedValue = get(components[i], savedGroup);
        Object requestedValue = get(components[i], requestedGroup);
        values[i] = savedValue;
        Setting setting = byField.getOrDefault(field, new Setting(field, List.of("--" + field), Rule.FROZEN));
        List<String> given = setting.options().stream().filter(givenOptions::contains).toList();
        if (given.isEmpty() || same(saved, savedValue, requestedValue)) {
          continue;
        }
        if (setting.rule() == Rule.MAY_CHANGE) {
          values[i] = requestedValue;
        } else {
          refused.put(rows.indexOf(field) >= 0 ? rows.indexOf(field) : rows.size() + refused.size(),
              String.join("/", given) + " " + shown(requestedValue) + " (the run's: " + shown(savedValue) + ")");
        }
      }
      groupValues[g] = construct(groups[g].getType(), components, values);
    }
    if (!refused.isEmpty()) {
      throw new BadInputException(
          "cannot resume with changed settings: " + String.join(", ", refused.values())
              + "; they are fixed for a run (start a new run to change them; a resume may change only "
              + String.join(", ", changeableOptions()) + ")");
    }
    TrainingConfig resolved = (TrainingConfig) construct(TrainingConfig.class, groups, groupValues);
    int savedEpochs = saved.loop().epochs();
    int epochs = resolved.loop().epochs();
    if (saved.optimizer().lrSchedule() == RateSchedule.COSINE && epochs != savedEpochs) {
      throw new BadInputException("cannot resume with --epochs " + epochs + " (the run's: " + savedEpochs
          + "): its cosine schedule is planned over " + savedEpochs + " epochs; start a new run to train longer");
    }
    return resolved;
  }

  /**
   * Equal values; a schedule counts as equal when it gives the same rate for every epoch the run planned,
   * since a run extended by {@code --epochs} keeps its last rate.
   */
  private static boolean same(TrainingConfig saved, Object savedValue, Object requestedValue) {
    if (savedValue instanceof LearningRateSchedule savedSchedule
        && requestedValue instanceof LearningRateSchedule requestedSchedule) {
      return IntStream.rangeClosed(1, saved.loop().epochs())
          .allMatch(epoch -> savedSchedule.rateAt(epoch) == requestedSchedule.rateAt(epoch));
    }
    return Objects.equals(savedValue, requestedValue);
  }

  private static String shown(Object value) {
    if (value instanceof LearningRateSchedule schedule) {
      return "lr " + Arrays.toString(schedule.values()) + " after epochs " + Arrays.toString(schedule.boundaries());
    }
    return value instanceof Enum<?> e ? e.name().toLowerCase(Locale.ROOT) : String.valueOf(value);
  }

  private static Object get(RecordComponent component, Object record) {
    try {
      return component.getAccessor().invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + component.getDeclaringRecord().getSimpleName() + "."
          + component.getName(), e);
    }
  }

  private static Object construct(Class<?> type, RecordComponent[] components, Object[] values) {
    try {
      Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
      return type.getDeclaredConstructor(types).newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot rebuild " + type.getSimpleName(), e);
    }
  }
}
