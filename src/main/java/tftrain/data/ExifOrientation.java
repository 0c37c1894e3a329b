package tftrain.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The EXIF orientation tag of a JPEG (1 = upright as stored; 2-8 = mirrored and/or turned), which phone
 * cameras set instead of turning the pixels. TensorFlow's decoders ignore it, in training and in the
 * exported model alike, so such photos are learned and classified as stored; {@code data check} counts them.
 */
public final class ExifOrientation {

  /** "As stored": the value when there is no EXIF block or no orientation tag. */
  public static final int UPRIGHT = 1;

  private static final int ORIENTATION_TAG = 0x0112;
  private static final byte[] EXIF_HEADER = {'E', 'x', 'i', 'f', 0, 0};

  private ExifOrientation() {}

  /** The orientation stored in {@code file}'s EXIF block, or {@link #UPRIGHT} when it has none or it is unreadable. */
  public static int of(byte[] file) {
    ByteBuffer big = ByteBuffer.wrap(file).order(ByteOrder.BIG_ENDIAN);
    if (file.length < 4 || big.getShort(0) != (short) 0xFFD8) {
      return UPRIGHT;
    }
    int position = 2;
    while (position + 4 <= file.length && file[position] == (byte) 0xFF) {
      int marker = file[position + 1] & 0xFF;
      if (marker == 0xDA || marker == 0xD9) {
        break; // the image data starts: no EXIF block comes after it
      }
      int length = Short.toUnsignedInt(big.getShort(position + 2));
      if (marker == 0xE1 && isExif(file, position + 4)) {
        return orientation(file, position + 4 + EXIF_HEADER.length, position + 2 + length);
      }
      position += 2 + length;
    }
    return UPRIGHT;
  }

  private static boolean isExif(byte[] file, int start) {
    if (start + EXIF_HEADER.length > file.length) {
      return false;
    }
    for (int i = 0; i < EXIF_HEADER.length; i++) {
      if (file[start + i] != EXIF_HEADER[i]) {
        return false;
      }
    }
    return true;
  }

  /** Reads IFD0 of the TIFF structure at {@code tiff} (ending at {@code end}) for the orientation entry. */
  private static int orientation(byte[] file, int tiff, int end) {
    end = Math.min(end, file.length);
    if (tiff + 8 > end) {
      return UPRIGHT;
    }
    ByteOrder order = file[tiff] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    ByteBuffer buffer = ByteBuffer.wrap(file).order(order);
    long ifd = tiff + Integer.toUnsignedLong(buffer.getInt(tiff + 4));
    if (ifd + 2 > end) {
      return UPRIGHT;
    }
    int entries = Short.toUnsignedInt(buffer.getShort((int) ifd));
    for (int i = 0; i < entries; i++) {
      long entry = ifd + 2 + 12L * i;
      if (entry + 12 > end) {
        break;
      }
      if (Short.toUnsignedInt(buffer.getShort((int) entry)) == ORIENTATION_TAG) {
        int value = Short.toUnsignedInt(buffer.getShort((int) entry + 8));
        return value >= 1 && value <= 8 ? value : UPRIGHT;
      }
    }
    return UPRIGHT;
  }
}
