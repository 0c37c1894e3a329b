package tftrain.testing;

import java.nio.file.Path;
import tftrain.data.Augmentation;
import tftrain.data.Normalization;
import tftrain.train.LearningRateSchedule;
import tftrain.runtime.Precision;
import tftrain.train.TrainingConfig;

/** Training settings small enough for tests: 63×63 input, batch 8, fp32, two threads. */
public final class TestConfigs {

  private TestConfigs() {}

  /** {@code data/train} and {@code data/val}; the rate drops ×0.1 after epoch 4. */
  public static TrainingConfig small(Path data, int epochs, long seed) {
    return new TrainingConfig(data.resolve("train").toString(), data.resolve("val").toString(), 0, epochs, 8,
        LearningRateSchedule.stepDecay(0.02, 4, 0.1, epochs), 0.9, 0.5, TrainingConfig.DEFAULT_CLIP_NORM, 63, 72, Normalization.HALF,
        Augmentation.VERTICAL_FLIP, seed, 2, Precision.FP32, 0);
  }
}
