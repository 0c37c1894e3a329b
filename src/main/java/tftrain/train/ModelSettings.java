package tftrain.train;

import tftrain.BadInputException;
import tftrain.InvalidSettingException;
import tftrain.data.Augmentation;
import tftrain.data.Normalization;
import tftrain.data.PreprocessingSpec;
import tftrain.model.InitScheme;
import tftrain.model.ModelSpec;

/**
 * The network and what its input looks like: input side and resize, normalization and augmentation, how
 * the weights start and with which seed, dropout.
 *
 * @param init how the weights start
 * @param seed the seed of the initial weights, the data order and the augmentation
 */
public record ModelSettings(
    int imageSize,
    int resize,
    Normalization normalization,
    Augmentation augmentation,
    InitScheme init,
    double dropout,
    long seed) {

  public ModelSettings {
    ModelSpec.requireImageSize(imageSize);
    PreprocessingSpec.requireResize(resize, imageSize);
    if (normalization == null || augmentation == null || init == null) {
      throw new BadInputException("normalization, augmentation and init are required");
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new InvalidSettingException("dropout must be in [0, 1), got " + dropout, "dropout");
    }
  }

  public ModelSpec modelSpec(int numClasses) {
    return new ModelSpec(numClasses, imageSize, seed, init);
  }
}
