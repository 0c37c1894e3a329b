package tftrain.data;

import tftrain.InvalidSettingException;

/**
 * How an image file becomes network input: scale the shorter side to {@code resize}, crop the centre
 * {@code imageSize}², normalize. Saved with every model, so serving does exactly what training did.
 *
 * @param maxPixels a file whose header declares more pixels (width × height) is refused before it is
 *     decoded, so one small file cannot take gigabytes; 0 or less means {@link #DEFAULT_MAX_PIXELS}
 */
public record PreprocessingSpec(int resize, int imageSize, Normalization normalization, long maxPixels) {

  /** 100 megapixels: above any camera photo, far below what takes gigabytes to decode (20000² is 400 MP). */
  public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

  /** Four times the largest input side: more only blows every image up for a small centre crop. */
  public static final int MAX_RESIZE = 4096;

  public PreprocessingSpec(int resize, int imageSize, Normalization normalization) {
    this(resize, imageSize, normalization, DEFAULT_MAX_PIXELS);
  }

  public PreprocessingSpec {
    if (maxPixels <= 0) {
      maxPixels = DEFAULT_MAX_PIXELS;
    }
    requireResize(resize, imageSize);
  }

  /** Refuses a resize above {@link #MAX_RESIZE} or below the crop it is cut to. */
  public static void requireResize(int resize, int imageSize) {
    InvalidSettingException.requireAtMost("resize", resize, MAX_RESIZE);
    if (resize < imageSize) {
      throw new InvalidSettingException(
          "resize (" + resize + ") must be at least imageSize (" + imageSize + ")", "resize", "imageSize");
    }
  }

  /** The seed's recipe for an input size: resize by 256/224 of it (256 for 224), then crop. */
  public static PreprocessingSpec forImageSize(int imageSize, Normalization normalization) {
    return new PreprocessingSpec(Math.round(imageSize * 256f / 224f), imageSize, normalization);
  }
}
