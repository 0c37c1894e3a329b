package tftrain.data;

import tftrain.BadInputException;

/**
 * How an image file becomes network input: scale the shorter side to {@code resize}, crop the centre
 * {@code imageSize}², normalize. Saved with every model, so serving does exactly what training did.
 */
public record PreprocessingSpec(int resize, int imageSize, Normalization normalization) {

  public static final int DEFAULT_RESIZE = 256;

  public PreprocessingSpec {
    if (resize < imageSize) {
      throw new BadInputException(
          "--resize (" + resize + ") must be at least --image-size (" + imageSize + ")");
    }
  }

  /** The seed's recipe for an input size: resize by 256/224 of it (256 for 224), then crop. */
  public static PreprocessingSpec forImageSize(int imageSize, Normalization normalization) {
    return new PreprocessingSpec(Math.round(imageSize * 256f / 224f), imageSize, normalization);
  }
}
