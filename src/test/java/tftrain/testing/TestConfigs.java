package tftrain.testing;

import java.nio.file.Path;
import tftrain.data.Augmentation;
import tftrain.model.InitScheme;
import tftrain.runtime.ComputeSettings;
import tftrain.runtime.Precision;
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
        .clipNorm(Recipe.DEFAULT.clipNorm())
        .imageSize(63)
        .resize(72)
        .augmentation(Augmentation.VERTICAL_FLIP)
        .init(InitScheme.PYTORCH)
        .warmupSteps(0)
        .seed(seed)
        .compute(new ComputeSettings(2, Precision.FP32));
  }
}
