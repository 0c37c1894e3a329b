package tftrain.model;

import tftrain.BadInputException;
import tftrain.InvalidSettingException;

/**
 * What shapes the network: how many classes it tells apart, the side of its square input, and the seed
 * and scheme of its initial weights.
 */
public record ModelSpec(int numClasses, int imageSize, long initSeed, InitScheme init) {

  /** The smallest input for which AlexNet's three max-pools still leave a 1×1 feature map. */
  public static final int MIN_IMAGE_SIZE = 63;

  /**
   * The largest input: at 1024 the fc6 layer already holds about a billion weights (4 GB, as much again for
   * momentum); far above it TensorFlow's shape arithmetic overflows.
   */
  public static final int MAX_IMAGE_SIZE = 1024;

  /** A network whose weights will be restored (or whose start does not matter): the seed's init. */
  public ModelSpec(int numClasses, int imageSize, long initSeed) {
    this(numClasses, imageSize, initSeed, InitScheme.PYTORCH);
  }

  public ModelSpec {
    if (numClasses < 2) {
      throw new BadInputException("need at least 2 classes, got " + numClasses);
    }
    requireImageSize(imageSize);
  }

  /** Refuses an input side too small for AlexNet's three max-pools, or too large to build. */
  public static void requireImageSize(int imageSize) {
    if (imageSize < MIN_IMAGE_SIZE) {
      throw new InvalidSettingException(
          "imageSize must be at least " + MIN_IMAGE_SIZE + " for AlexNet, got " + imageSize, "imageSize");
    }
    if (imageSize > MAX_IMAGE_SIZE) {
      throw new InvalidSettingException("imageSize must be at most " + MAX_IMAGE_SIZE
          + " for AlexNet (its fc6 layer would pass a billion weights), got " + imageSize, "imageSize");
    }
  }
}
