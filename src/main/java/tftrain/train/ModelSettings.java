package tftrain.train;

import tftrain.BadInputException;
import tftrain.InvalidSettingException;
import tftrain.data.Augmentation;
import tftrain.data.ColorJitter;
import tftrain.data.Normalization;
import tftrain.data.PreprocessingSpec;
import tftrain.data.TrainingCrop;
import tftrain.model.InitScheme;
import tftrain.model.ModelSpec;

/**
 * The network and what its input looks like: input side and resize, normalization and augmentation, how
 * the weights start and with which seed, dropout.
 *
 * @param crop which part of each training image the network sees (validation takes the centre)
 * @param colorJitter the strength of random brightness, contrast and saturation changes in training (0: none)
 * @param init how the weights start
 * @param seed the seed of the initial weights, the data order and the augmentation
 */
public record ModelSettings(
    int imageSize,
    int resize,
    Normalization normalization,
    Augmentation augmentation,
    TrainingCrop crop,
    double colorJitter,
    InitScheme init,
    double dropout,
    long seed) {

  public ModelSettings {
    ModelSpec.requireImageSize(imageSize);
    PreprocessingSpec.requireResize(resize, imageSize);
    if (normalization == null || augmentation == null || crop == null || init == null) {
      throw new BadInputException("normalization, augmentation, crop and init are required");
    }
    if (!(colorJitter >= 0 && colorJitter <= ColorJitter.MAX_STRENGTH)) {
      throw new InvalidSettingException(
          "colorJitter must be in [0, " + ColorJitter.MAX_STRENGTH + "], got " + colorJitter, "colorJitter");
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new InvalidSettingException("dropout must be in [0, 1), got " + dropout, "dropout");
    }
  }

  /** The side of the images a training step is fed: the resized square when cropping at random, else the input side. */
  public int trainingInputSide() {
    return crop.needsSquare() ? resize : imageSize;
  }

  public ModelSpec modelSpec(int numClasses) {
    return new ModelSpec(numClasses, imageSize, seed, init);
  }
}
