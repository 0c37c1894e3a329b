package tftrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.types.TFloat32;
import tftrain.runtime.ComputeSettings;
import tftrain.runtime.Precision;
import tftrain.testing.TestImages;

class ImagePreprocessingTest {

  private static final PreprocessingSpec SPEC = new PreprocessingSpec(72, 64, Normalization.HALF);

  private static BatchDecoder decoder(Augmentation augmentation, List<BadImage> bad) {
    return new BatchDecoder(SPEC, augmentation, 2, ComputeSettings.defaults(Precision.FP32).decodeSessionConfig(), bad::add);
  }

  private static BufferedImage solid(int width, int height, Color color) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = image.createGraphics();
    graphics.setColor(color);
    graphics.fillRect(0, 0, width, height);
    graphics.dispose();
    return image;
  }

  private static PlannedBatch batch(List<Path> files, boolean... flips) {
    List<ImageSample> samples = files.stream().map(path -> new ImageSample(path, 0)).toList();
    return new PlannedBatch(samples, flips.length == 0 ? new boolean[files.size()] : flips);
  }

  @Test
  void formatsAndSizesBecomeOneNormalizedBatch(@TempDir Path temp) {
    Path png = TestImages.write(solid(100, 50, Color.RED), temp.resolve("wide.png"), "png");
    Path bmp = TestImages.write(solid(40, 90, Color.BLUE), temp.resolve("tall.bmp"), "bmp");
    BufferedImage gray = new BufferedImage(80, 80, BufferedImage.TYPE_BYTE_GRAY);
    Path grayJpeg = TestImages.write(gray, temp.resolve("gray.jpg"), "jpg");
    try (BatchDecoder decoder = decoder(Augmentation.NONE, new java.util.ArrayList<>());
        DecodedBatch decoded = decoder.decode(batch(List.of(png, bmp, grayJpeg)), false)) {
      TFloat32 images = decoded.images();
      assertArrayEquals(new long[] {3, 64, 64, 3}, images.shape().asArray());
      // Pure red: (1 - 0.5) / 0.5 = 1 in R, (0 - 0.5) / 0.5 = -1 in G and B.
      assertEquals(1f, images.getFloat(0, 32, 32, 0), 1e-5);
      assertEquals(-1f, images.getFloat(0, 32, 32, 1), 1e-5);
      assertEquals(1f, images.getFloat(1, 10, 10, 2), 1e-5);
      // A black grayscale JPEG decodes to three equal channels.
      assertEquals(-1f, images.getFloat(2, 5, 5, 0), 0.02);
      assertEquals(images.getFloat(2, 5, 5, 0), images.getFloat(2, 5, 5, 2), 1e-6);
    }
  }

  @Test
  void flipReversesTheChosenAxisOfFlaggedImagesOnly(@TempDir Path temp) {
    BufferedImage topWhite = solid(64, 64, Color.BLACK);
    Graphics2D graphics = topWhite.createGraphics();
    graphics.setColor(Color.WHITE);
    graphics.fillRect(0, 0, 64, 32);
    graphics.dispose();
    Path file = TestImages.write(topWhite, temp.resolve("top.png"), "png");
    try (BatchDecoder decoder = decoder(Augmentation.VERTICAL_FLIP, new java.util.ArrayList<>());
        DecodedBatch decoded = decoder.decode(batch(List.of(file, file), true, false), true)) {
      TFloat32 images = decoded.images();
      assertEquals(-1f, images.getFloat(0, 2, 30, 0), 1e-5, "flipped: top is now black");
      assertEquals(1f, images.getFloat(0, 61, 30, 0), 1e-5, "flipped: bottom is now white");
      assertEquals(1f, images.getFloat(1, 2, 30, 0), 1e-5, "not flipped");
    }
  }

  /** Four stripes of 50 px, red, green, blue, white, across a wide image or down a tall one. */
  private static BufferedImage stripes(boolean wide) {
    BufferedImage image = new BufferedImage(wide ? 200 : 100, wide ? 100 : 200, BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = image.createGraphics();
    Color[] colors = {Color.RED, Color.GREEN, Color.BLUE, Color.WHITE};
    for (int i = 0; i < colors.length; i++) {
      graphics.setColor(colors[i]);
      if (wide) {
        graphics.fillRect(50 * i, 0, 50, 100);
      } else {
        graphics.fillRect(0, 50 * i, 100, 50);
      }
    }
    graphics.dispose();
    return image;
  }

  private static void assertColour(TFloat32 images, int image, int row, int column, float red, float green,
      float blue) {
    String where = "image " + image + " at row " + row + ", column " + column;
    assertEquals(red, images.getFloat(image, row, column, 0), 1e-4, where + ", red");
    assertEquals(green, images.getFloat(image, row, column, 1), 1e-4, where + ", green");
    assertEquals(blue, images.getFloat(image, row, column, 2), 1e-4, where + ", blue");
  }

  /**
   * The shorter side is scaled to 72 (200×100 → 144×72) and the centre 64² cut out (from column 40 of 144,
   * row 4 of 72), so the crop shows the green and the blue stripe, half each. A crop from the corner would
   * show red, a resize of the wrong side would not fit the crop, and swapped axes would miss the stripes.
   */
  @Test
  void theCropIsTheCentreOfTheResizedImageAlongBothAxes(@TempDir Path temp) {
    Path wide = TestImages.write(stripes(true), temp.resolve("wide.png"), "png");
    Path tall = TestImages.write(stripes(false), temp.resolve("tall.png"), "png");
    try (BatchDecoder decoder = decoder(Augmentation.NONE, new java.util.ArrayList<>());
        DecodedBatch decoded = decoder.decode(batch(List.of(wide, tall)), false)) {
      TFloat32 images = decoded.images();
      assertColour(images, 0, 32, 5, -1, 1, -1);
      assertColour(images, 0, 32, 58, -1, -1, 1);
      assertColour(images, 0, 2, 20, -1, 1, -1);
      assertColour(images, 1, 5, 32, -1, 1, -1);
      assertColour(images, 1, 58, 32, -1, -1, 1);
      assertColour(images, 1, 20, 2, -1, 1, -1);
    }
  }

  @Test
  void horizontalFlipMirrorsFlaggedImagesLeftToRight(@TempDir Path temp) {
    BufferedImage leftWhite = solid(64, 64, Color.BLACK);
    Graphics2D graphics = leftWhite.createGraphics();
    graphics.setColor(Color.WHITE);
    graphics.fillRect(0, 0, 32, 64);
    graphics.dispose();
    Path file = TestImages.write(leftWhite, temp.resolve("left.png"), "png");
    try (BatchDecoder decoder = decoder(Augmentation.HORIZONTAL_FLIP, new java.util.ArrayList<>());
        DecodedBatch decoded = decoder.decode(batch(List.of(file, file), true, false), true)) {
      TFloat32 images = decoded.images();
      assertEquals(-1f, images.getFloat(0, 30, 2, 0), 1e-5, "flipped: left is now black");
      assertEquals(1f, images.getFloat(0, 30, 61, 0), 1e-5, "flipped: right is now white");
      assertEquals(1f, images.getFloat(1, 30, 2, 0), 1e-5, "not flipped");
      assertEquals(images.getFloat(1, 2, 30, 0), images.getFloat(0, 2, 33, 0), 1e-5, "rows stay in place");
    }
  }

  @Test
  void badFilesAreSkippedOnceAndNamed(@TempDir Path temp) throws Exception {
    Path good = TestImages.write(TestImages.image(0, 70, 70, new Random(1)), temp.resolve("good.jpg"), "jpg");
    Path empty = Files.createFile(temp.resolve("empty.jpg"));
    Path text = Files.writeString(temp.resolve("notes.jpg"), "not an image at all");
    byte[] jpeg = Files.readAllBytes(good);
    Path truncated = Files.write(temp.resolve("truncated.jpg"), java.util.Arrays.copyOf(jpeg, jpeg.length / 3));
    List<BadImage> bad = new java.util.ArrayList<>();
    try (BatchDecoder decoder = decoder(Augmentation.NONE, bad)) {
      try (DecodedBatch decoded = decoder.decode(batch(List.of(good, empty, text, truncated, good)), false)) {
        assertEquals(2, decoded.size());
        assertEquals(List.of(good, good), decoded.samples().stream().map(ImageSample::path).toList());
      }
      try (DecodedBatch again = decoder.decode(batch(List.of(text, good)), false)) {
        assertEquals(1, again.size());
      }
      assertEquals(List.of(empty, text, truncated), bad.stream().map(BadImage::path).toList());
      assertEquals(List.of("empty file", "not a JPEG, PNG, GIF or BMP file", "damaged or truncated JPEG data"),
          bad.stream().map(BadImage::reason).toList(), "reasons in words, no TensorFlow internals");
      assertEquals(bad, decoder.badImages());
      org.junit.jupiter.api.Assertions.assertNull(decoder.decode(batch(List.of(empty)), false));
    }
  }

  @Test
  void filesOverThePixelLimitAreRefusedFromTheirHeaderInEveryFormat(@TempDir Path temp) throws Exception {
    // A limit of 70×70 pixels: 80×80 files of each format are refused, 64×64 ones pass.
    PreprocessingSpec limited = new PreprocessingSpec(72, 64, Normalization.HALF, 70 * 70);
    List<Path> small = new java.util.ArrayList<>();
    List<Path> large = new java.util.ArrayList<>();
    for (String format : List.of("jpg", "png", "gif", "bmp")) {
      small.add(TestImages.write(solid(64, 64, Color.RED), temp.resolve("small." + format), format));
      large.add(TestImages.write(solid(80, 80, Color.RED), temp.resolve("large." + format), format));
    }
    // The header of a 380 KB PNG that claims 20000×20000: refused without decoding, under the default limit.
    byte[] png = Files.readAllBytes(small.get(1));
    java.nio.ByteBuffer.wrap(png).putInt(16, 20000).putInt(20, 20000);
    Path bomb = Files.write(temp.resolve("bomb.png"), png);
    List<BadImage> bad = new java.util.ArrayList<>();
    List<Path> all = new java.util.ArrayList<>(small);
    all.addAll(large);
    try (BatchDecoder decoder = new BatchDecoder(limited, Augmentation.NONE, 2,
            ComputeSettings.defaults(Precision.FP32).decodeSessionConfig(), bad::add);
        DecodedBatch decoded = decoder.decode(batch(all), false)) {
      assertEquals(small, decoded.samples().stream().map(ImageSample::path).toList());
    }
    assertEquals(large, bad.stream().map(BadImage::path).toList());
    for (BadImage image : bad) {
      assertEquals("image is 80 x 80 pixels, over the limit of 4900 (--max-pixels)", image.reason());
    }
    List<BadImage> bombs = new java.util.ArrayList<>();
    try (BatchDecoder decoder = decoder(Augmentation.NONE, bombs)) {
      org.junit.jupiter.api.Assertions.assertNull(decoder.decode(batch(List.of(bomb)), false));
    }
    assertEquals("image is 20000 x 20000 pixels, over the limit of 100000000 (--max-pixels)", bombs.get(0).reason());
  }
}
