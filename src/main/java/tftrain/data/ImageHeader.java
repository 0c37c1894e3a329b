package tftrain.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An image file's format and size, read from its header without decoding: what {@code data check} reports
 * and what {@code predict} compares with {@code --max-pixels} before a file goes to the model. The same
 * fields as the graph's check ({@link PixelLimitOps}), so both agree.
 *
 * @param format "jpeg", "png", "gif" or "bmp"
 */
public record ImageHeader(String format, long width, long height) {

  /** JPEG headers can follow EXIF data of up to 64 KiB, and more in practice: read this much at most. */
  private static final int MAX_HEADER_BYTES = 1 << 20;

  public long pixels() {
    return width * height;
  }

  /** Why a file with this header is refused under {@code maxPixels}, or null when it is fine. */
  public String problem(long maxPixels) {
    return pixels() > maxPixels
        ? "image is " + width + " x " + height + " pixels, over the limit of " + maxPixels + " (--max-pixels)"
        : null;
  }

  /**
   * As {@link #problem(long)}, and also refused when scaling the shorter side to {@code resize} (as the
   * preprocessing does) would make more than {@link #resizedLimit}: a 60000×1 strip is small, its resize is not.
   */
  public String problem(long maxPixels, int resize) {
    String pixelProblem = problem(maxPixels);
    if (pixelProblem != null) {
      return pixelProblem;
    }
    long shorter = Math.max(1, Math.min(width, height));
    long resizedLonger = Math.max(resize, (long) Math.floor((double) Math.max(width, height) * resize / shorter));
    return (double) resizedLonger * resize > resizedLimit(maxPixels, resize)
        ? "image is " + width + " x " + height + " pixels: scaling its shorter side to " + resize + " makes it "
            + resizedLonger + " x " + resize + ", over the limit of " + maxPixels + " (--max-pixels)"
        : null;
  }

  /**
   * The most pixels a resized image may have: {@code maxPixels}, but never less than a square image's
   * {@code resize}², so that a low limit still lets every square (and near-square) image through.
   */
  public static long resizedLimit(long maxPixels, int resize) {
    return Math.max(maxPixels, (long) resize * resize);
  }

  /** Reads the header of {@code file}; null when it is none of the four formats or its header is cut short. */
  public static ImageHeader read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in.readNBytes(MAX_HEADER_BYTES));
    }
  }

  /** Parses the first bytes of a file (the whole file is fine too). */
  public static ImageHeader parse(byte[] bytes) {
    ByteBuffer big = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
    ByteBuffer little = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (startsWith(bytes, 0xFF, 0xD8, 0xFF)) {
      return jpeg(big);
    }
    if (startsWith(bytes, 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n') && bytes.length >= 24) {
      return new ImageHeader("png", Integer.toUnsignedLong(big.getInt(16)), Integer.toUnsignedLong(big.getInt(20)));
    }
    if (startsWith(bytes, 'G', 'I', 'F', '8') && bytes.length >= 10) {
      return new ImageHeader("gif", Short.toUnsignedInt(little.getShort(6)), Short.toUnsignedInt(little.getShort(8)));
    }
    if (startsWith(bytes, 'B', 'M') && bytes.length >= 26) {
      return new ImageHeader("bmp", Math.abs((long) little.getInt(18)), Math.abs((long) little.getInt(22)));
    }
    return null;
  }

  /** Walks the JPEG markers to the first start-of-frame, which holds the height and width. */
  private static ImageHeader jpeg(ByteBuffer bytes) {
    int position = 2;
    while (position + 4 <= bytes.limit()) {
      if ((bytes.get(position) & 0xFF) != 0xFF) {
        return null;
      }
      int marker = bytes.get(position + 1) & 0xFF;
      if (marker == 0xFF) {
        position++; // fill byte
        continue;
      }
      int length = Short.toUnsignedInt(bytes.getShort(position + 2));
      boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
      if (startOfFrame) {
        if (position + 9 > bytes.limit()) {
          return null;
        }
        return new ImageHeader("jpeg", Short.toUnsignedInt(bytes.getShort(position + 7)),
            Short.toUnsignedInt(bytes.getShort(position + 5)));
      }
      position += 2 + length;
    }
    return null;
  }

  private static boolean startsWith(byte[] bytes, int... signature) {
    if (bytes.length < signature.length) {
      return false;
    }
    for (int i = 0; i < signature.length; i++) {
      if ((bytes[i] & 0xFF) != signature[i]) {
        return false;
      }
    }
    return true;
  }
}
