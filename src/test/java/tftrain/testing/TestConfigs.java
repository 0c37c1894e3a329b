package tftrain.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Arrays;
import tftrain.data.Augmentation;
import tftrain.model.InitScheme;
import tftrain.runtime.ComputeSettings;
import tftrain.runtime.Precision;
import tftrain.train.RateSchedule;
import tftrain.train.Recipe;
import tftrain.train.TrainingConfig;

/** Training settings small enough for tests: 63×63 input, batch 8, fp32, two threads. */
public final class TestConfigs {

  private TestConfigs() {}

  /** {@code data/train} and {@code data/val}; the rate drops ×0.1 after epoch 4. */
  public static TrainingConfig small(Path data, int epochs, long seed) {
    return smallBuilder(data, epochs, seed).build();
  }

  /**
   * The builder of {@link #small}: the defaults, with the seed's init and no warm-up, the default clipping,
   * vertical flips and the test's sizes.
   */
  public static TrainingConfig.Builder smallBuilder(Path data, int epochs, long seed) {
    return TrainingConfig.builder()
        .folders(data.resolve("train").toString(), data.resolve("val").toString())
        .epochs(epochs)
        .batchSize(8)
        .stepDecay(0.02, 4, 0.1)
        .lrSchedule(RateSchedule.PIECEWISE)
        .clipNorm(Recipe.DEFAULT.choices().clipNorm())
        .imageSize(63)
        .resize(72)
        .augmentation(Augmentation.VERTICAL_FLIP)
        .init(InitScheme.PYTORCH)
        .warmupSteps(0)
        .seed(seed)
        .compute(new ComputeSettings(2, Precision.FP32));
  }

  /**
   * {@code config} with one field of one of its groups replaced, through the groups' canonical constructors as
   * Jackson calls them when reading a checkpoint; a refused value throws as the constructor does.
   */
  public static TrainingConfig with(TrainingConfig config, String field, Object value) {
    RecordComponent[] groups = TrainingConfig.class.getRecordComponents();
    Object[] groupValues = new Object[groups.length];
    for (int g = 0; g < groups.length; g++) {
      Object group = read(groups[g], config);
      RecordComponent[] components = groups[g].getType().getRecordComponents();
      Object[] values = new Object[components.length];
      for (int i = 0; i < components.length; i++) {
        values[i] = components[i].getName().equals(field) ? value : read(components[i], group);
      }
      groupValues[g] = construct(groups[g].getType(), components, values);
    }
    return (TrainingConfig) construct(TrainingConfig.class, groups, groupValues);
  }

  private static Object read(RecordComponent component, Object record) {
    try {
      return component.getAccessor().invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object construct(Class<?> type, RecordComponent[] components, Object[] values) {
    try {
      Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
      return type.getDeclaredConstructor(types).newInstance(values);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof RuntimeException refused ? refused : new IllegalStateException(e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
