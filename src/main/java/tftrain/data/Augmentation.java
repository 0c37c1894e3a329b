package tftrain.data;

/** Random flips applied to training images only, each image with probability 1/2. */
public enum Augmentation {
  /** Upside down: the seed's RandomVerticalFlip. */
  VERTICAL_FLIP(1),
  /** Mirror left-right: the usual choice for photos. */
  HORIZONTAL_FLIP(2),
  NONE(-1);

  /** The NHWC axis that the flip reverses, or -1. */
  private final int axis;

  Augmentation(int axis) {
    this.axis = axis;
  }

  public int axis() {
    return axis;
  }
}
