package tftrain.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.AssertThat;
import org.tensorflow.op.io.DecodeRaw;
import org.tensorflow.op.strings.StringFormat;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint16;
import org.tensorflow.types.family.TNumber;

/**
 * The decode limit as TensorFlow ops, so it lives in every graph that decodes files, the exported serving
 * model included: the width and height are read from the file's header (a few bytes for PNG, GIF and BMP;
 * {@code ExtractJpegShape}, which parses only the header, for JPEG), and a file over the limit, or in
 * none of the four formats, fails an assertion before the decoder allocates anything.
 *
 * <p>Each format's fields are a few bytes, so every format's header is read from every file rather than
 * behind a conditional: the byte reads come from the file padded with zeros (so a short file cannot make
 * them fail), and the JPEG parser reads a tiny valid JPEG instead of the file when the file is not a JPEG.
 */
final class PixelLimitOps {

  /** The file signatures TensorFlow's DecodeImage recognizes. */
  private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  private static final byte[] GIF = {'G', 'I', 'F', '8'};
  private static final byte[] BMP = {'B', 'M'};
  /** Longer than the farthest header field read (BMP's height ends at byte 26). */
  private static final int PADDING = 32;

  private PixelLimitOps() {}

  /**
   * A file that passed the header check, with what the header said.
   *
   * @param file the file, passed on only after the check: decode this, never the unchecked file
   * @param isJpeg whether the file starts with a JPEG signature
   * @param width the header's width (for a JPEG, from {@code ExtractJpegShape})
   * @param height the header's height
   */
  record Checked(Operand<TString> file, Operand<TBool> isJpeg, Operand<TInt64> width, Operand<TInt64> height) {}

  /**
   * Checks {@code file}'s header: one of JPEG, PNG, GIF or BMP, not more than {@code maxPixels} pixels, and
   * not more once its shorter side is scaled to {@code resize} (a 60000×1 strip is small; resized, it is not).
   */
  static Checked check(Ops tf, Operand<TString> file, long maxPixels, int resize) {
    Operand<TString> padded = tf.strings.join(List.of(file, bytes(tf, new byte[PADDING])));
    Operand<TBool> isJpeg = startsWith(tf, padded, JPEG);
    Operand<TBool> isPng = startsWith(tf, padded, PNG);
    Operand<TBool> isGif = startsWith(tf, padded, GIF);
    Operand<TBool> isBmp = startsWith(tf, padded, BMP);

    // [height, width, channels] from the JPEG header only.
    Operand<TInt64> jpegShape =
        tf.dtypes.cast(tf.image.extractJpegShape(tf.select(isJpeg, file, bytes(tf, tinyJpeg()))), TInt64.class);
    Operand<TInt64> jpeg = tf.reverse(tf.slice(jpegShape, tf.constant(new int[] {0}), tf.constant(new int[] {2})),
        tf.constant(new int[] {0}));
    // PNG: IHDR's width and height, big-endian unsigned 32-bit, at byte 16.
    Operand<TInt64> png = tf.math.floorMod(
        tf.dtypes.cast(field(tf, padded, 16, 8, TInt32.class, false), TInt64.class), tf.constant(1L << 32));
    // GIF: the logical screen's width and height, little-endian unsigned 16-bit, at byte 6.
    Operand<TInt64> gif = tf.dtypes.cast(field(tf, padded, 6, 4, TUint16.class, true), TInt64.class);
    // BMP: width and height, little-endian signed 32-bit, at byte 18 (a negative height means top-down rows).
    Operand<TInt64> bmp = tf.math.abs(tf.dtypes.cast(field(tf, padded, 18, 8, TInt32.class, true), TInt64.class));

    Operand<TInt64> unknown = tf.constant(new long[] {-1, -1});
    Operand<TInt64> widthHeight =
        tf.select(isJpeg, jpeg, tf.select(isPng, png, tf.select(isGif, gif, tf.select(isBmp, bmp, unknown))));
    Operand<TInt64> width = tf.reshape(tf.slice(widthHeight, tf.constant(new int[] {0}), tf.constant(new int[] {1})),
        tf.constant(new int[0]));
    Operand<TInt64> height = tf.reshape(tf.slice(widthHeight, tf.constant(new int[] {1}), tf.constant(new int[] {1})),
        tf.constant(new int[0]));
    Operand<TInt64> pixels = tf.math.mul(width, height);

    Operand<TBool> known = tf.math.greaterEqual(width, tf.constant(0L));
    AssertThat isImage = tf.assertThat(known,
        List.of(tf.constant("not a JPEG, PNG, GIF or BMP file")), AssertThat.summarize(1L));
    Operand<TString> tooBig = tf.strings.stringFormat(List.of(width, height),
        StringFormat.template("image is {} x {} pixels, over the limit of " + maxPixels + " (--max-pixels)"),
        StringFormat.placeholder("{}"));
    AssertThat small = tf.withControlDependencies(isImage).assertThat(
        tf.math.lessEqual(pixels, tf.constant(maxPixels)), List.of(tooBig), AssertThat.summarize(1L));
    // The resize makes the shorter side `resize` and the longer one floor(longer · resize / shorter), as
    // ImageHeader.problem computes it; in float64, as the product can pass int64 for absurd headers.
    Operand<TFloat64> shorter =
        tf.dtypes.cast(tf.math.maximum(tf.math.minimum(width, height), tf.constant(1L)), TFloat64.class);
    Operand<TFloat64> longer = tf.dtypes.cast(tf.math.maximum(width, height), TFloat64.class);
    Operand<TFloat64> resizeSide = tf.constant((double) resize);
    Operand<TFloat64> resizedLonger =
        tf.math.maximum(tf.math.floor(tf.math.div(tf.math.mul(longer, resizeSide), shorter)), resizeSide);
    Operand<TString> tooBigResized = tf.strings.stringFormat(
        List.of(width, height, tf.dtypes.cast(resizedLonger, TInt64.class)),
        StringFormat.template("image is {} x {} pixels: scaling its shorter side to " + resize
            + " makes it {} x " + resize + ", over the limit of " + maxPixels + " (--max-pixels)"),
        StringFormat.placeholder("{}"));
    AssertThat smallResized = tf.withControlDependencies(small).assertThat(
        tf.math.lessEqual(tf.math.mul(resizedLonger, tf.constant((double) resize)),
            tf.constant((double) ImageHeader.resizedLimit(maxPixels, resize))),
        List.of(tooBigResized), AssertThat.summarize(1L));
    return new Checked(tf.withControlDependencies(isImage, small, smallResized).identity(file), isJpeg, width, height);
  }

  private static <T extends TNumber> Operand<T> field(
      Ops tf, Operand<TString> padded, int offset, int length, Class<T> type, boolean littleEndian) {
    return tf.io.decodeRaw(tf.strings.substr(padded, tf.constant(offset), tf.constant(length)), type,
        DecodeRaw.littleEndian(littleEndian));
  }

  private static Operand<TBool> startsWith(Ops tf, Operand<TString> padded, byte[] signature) {
    return tf.math.equal(tf.strings.substr(padded, tf.constant(0), tf.constant(signature.length)),
        bytes(tf, signature));
  }

  private static Operand<TString> bytes(Ops tf, byte[] value) {
    try (TString tensor = TString.tensorOfBytes(NdArrays.scalarOfObject(value))) {
      return tf.constantOf(tensor);
    }
  }

  /** A 1×1 JPEG for the JPEG header parser to read when the file is another format. */
  private static byte[] tinyJpeg() {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "jpg", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
