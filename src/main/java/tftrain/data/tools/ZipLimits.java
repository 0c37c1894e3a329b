package tftrain.data.tools;

/**
 * How far an archive may expand before {@link SafeUnzipper} calls it a zip bomb and stops.
 *
 * @param maxTotalBytes the most bytes all extracted files may hold together
 * @param maxRatio the most one entry may expand (uncompressed / compressed size); images barely compress,
 *     so an honest dataset stays far below the default, while a bomb is in the thousands
 */
public record ZipLimits(long maxTotalBytes, double maxRatio) {

  /** 16 GiB: several times the usual Kaggle image archive, far less than a bomb's petabytes. */
  public static final long DEFAULT_MAX_TOTAL_BYTES = 16L << 30;

  /** Photos compress about 1x and text about 10x; bombs compress 1000x and more. */
  public static final double DEFAULT_MAX_RATIO = 100;

  /**
   * Entries smaller than this are never judged by their ratio: a 100 KB file of blanks compresses 1000x and
   * harms nobody, and the total limit still bounds many of them together.
   */
  public static final long RATIO_EXEMPT_BYTES = 1L << 20;

  /** Validates both limits. */
  public ZipLimits {
    if (maxTotalBytes <= 0) {
      throw new IllegalArgumentException("maxTotalBytes must be positive, got " + maxTotalBytes);
    }
    if (!(maxRatio >= 1)) {
      throw new IllegalArgumentException("maxRatio must be at least 1, got " + maxRatio);
    }
  }

  /** The defaults: 16 GiB in total, 100x per entry. */
  public static ZipLimits defaults() {
    return new ZipLimits(DEFAULT_MAX_TOTAL_BYTES, DEFAULT_MAX_RATIO);
  }

  /** True when an entry of {@code compressedBytes} expanding to {@code uncompressedBytes} is suspicious. */
  public boolean exceedsRatio(long uncompressedBytes, long compressedBytes) {
    return uncompressedBytes > RATIO_EXEMPT_BYTES && uncompressedBytes > maxRatio * Math.max(1, compressedBytes);
  }
}
