package tftrain.data;

/**
 * Which part of each training image the network sees. Validation, prediction and the exported model always
 * take the centre crop; the random crops are drawn from the centre square of side {@code resize} (256 for
 * 224), as in the AlexNet paper's "random 224 × 224 patches from the 256 × 256 images".
 */
public enum TrainingCrop {
  /** The centre crop in training too: the tutorial's. */
  CENTER,
  /** A crop of the input side at a random position in the resized square (33 × 33 positions at 256/224). */
  RANDOM,
  /**
   * A random part of the square (a quarter to all of its area, aspect 3:4 to 4:3) scaled to the input side:
   * torchvision's RandomResizedCrop, with a larger smallest part since small data sets lose too much at 8 %.
   */
  RANDOM_RESIZED;

  /** Whether training images come from the resized square rather than its centre crop. */
  public boolean needsSquare() {
    return this != CENTER;
  }
}
