package tftrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.image.DecodeImage;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;
import tftrain.runtime.ComputeSettings;
import tftrain.runtime.Precision;
import tftrain.testing.TestImages;

class ImagePreprocessingTest {

  private static final PreprocessingSpec SPEC = new PreprocessingSpec(72, 64, Normalization.HALF);

  private static BatchDecoder decoder(Augmentation augmentation, List<BadImage> bad) {
    return new BatchDecoder(SPEC, augmentation, 2, ComputeSettings.defaults(Precision.FP32).decodeSessionConfig(),
        bad::add);
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

  @Test
  void extremeAspectRatiosAreRefusedByTheSizeTheyWouldBeResizedTo(@TempDir Path temp) throws Exception {
    // 3000×1 is 3000 pixels, far under the limit, but scaling its 1-pixel side to 72 makes it
    // 216000×72: the resized image is what would take the memory.
    PreprocessingSpec limited = new PreprocessingSpec(72, 64, Normalization.HALF, 1_000_000);
    Path strip = TestImages.write(solid(3000, 1, Color.RED), temp.resolve("strip.png"), "png");
    Path wide = TestImages.write(solid(200, 72, Color.RED), temp.resolve("wide.png"), "png");
    String expected = "image is 3000 x 1 pixels: scaling its shorter side to 72 makes it 216000 x 72,"
        + " over the limit of 1000000 (--max-pixels)";
    assertEquals(expected, ImageHeader.parse(Files.readAllBytes(strip)).problem(1_000_000, 72));
    assertEquals(null, ImageHeader.parse(Files.readAllBytes(wide)).problem(1_000_000, 72));
    List<BadImage> bad = new java.util.ArrayList<>();
    try (BatchDecoder decoder = new BatchDecoder(limited, Augmentation.NONE, 2,
            ComputeSettings.defaults(Precision.FP32).decodeSessionConfig(), bad::add);
        DecodedBatch decoded = decoder.decode(batch(List.of(strip, wide)), false)) {
      assertEquals(List.of(wide), decoded.samples().stream().map(ImageSample::path).toList());
    }
    assertEquals(1, bad.size());
    assertEquals(expected, bad.get(0).reason());
  }

  @Test
  @Tag("slow")
  void largeJpegsDecodedAtReducedSizeStayCloseToTheFullDecodeAndTrueToTheOriginal(@TempDir Path temp) {
    PreprocessingSpec standard = new PreprocessingSpec(256, 224, Normalization.HALF);
    PreprocessingSpec small = new PreprocessingSpec(72, 64, Normalization.HALF);
    Random random = new Random(13);
    // Each with the ratio it must take: the largest whose shorter side, rounded up, stays >= resize.
    record Case(int width, int height, PreprocessingSpec spec, int ratio) {}
    for (Case sample : List.of(new Case(2000, 1500, standard, 4), new Case(1200, 900, standard, 2),
        new Case(1500, 2000, standard, 4), new Case(2000, 1500, small, 8))) {
      BufferedImage original = TestImages.photoLike(sample.width(), sample.height(), random);
      Path file = TestImages.write(original, temp.resolve(sample.width() + "x" + sample.height() + ".jpg"), "jpg");
      float[] reduced = preprocess(List.of(file), sample.spec(), true)[0];
      float[] full = preprocess(List.of(file), sample.spec(), false)[0];
      float[] truth = areaAveraged(original, sample.spec());
      double reducedVsFull = meanAbsoluteDifference(reduced, full);
      double fullError = meanAbsoluteDifference(full, truth);
      double reducedError = meanAbsoluteDifference(reduced, truth);
      String measured = String.format(java.util.Locale.ROOT,
          "%dx%d at ratio %d: reduced vs full %.2f, full vs original %.2f, reduced vs original %.2f (of 255)",
          sample.width(), sample.height(), sample.ratio(), reducedVsFull, fullError, reducedError);
      // Measured 0.9-2.5 levels of 255 between the two decodes. The full decode is itself 1.9-3.1 levels
      // from the ideal (its bilinear resize reads 4 pixels per output pixel and aliases noise and edges),
      // the reduced one 1.2-2.7: the two differ by less than the full decode's own error, and the reduced
      // decode, whose DCT scaling averages each r×r block, must stay the closer to the original.
      assertTrue(reducedVsFull > 0, "the reduced decode must have run: " + measured);
      assertTrue(reducedVsFull < 3.0, measured);
      assertTrue(reducedError <= fullError, measured);
    }
  }

  @Test
  void theDecoderTakesTheLargestRatioWhoseShorterSideStaysAtLeastResize() {
    // For resize 256: ceil(510 / 2) = 255 is too small, ceil(511 / 2) = 256 fits; 1021 fits 4, 2041 fits 8.
    long[][] widthHeightBranch = {
      {400, 300, 0}, {700, 510, 0}, {511, 700, 1}, {1020, 1400, 1}, {1400, 1021, 2}, {2040, 3000, 2},
      {4000, 2041, 3}, {4000, 3000, 3}, {20000, 20000, 3},
    };
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<org.tensorflow.types.TBool> isJpeg = tf.placeholder(org.tensorflow.types.TBool.class);
      Placeholder<org.tensorflow.types.TInt64> width = tf.placeholder(org.tensorflow.types.TInt64.class);
      Placeholder<org.tensorflow.types.TInt64> height = tf.placeholder(org.tensorflow.types.TInt64.class);
      Operand<org.tensorflow.types.TInt32> branch = ImagePreprocessing.jpegScaleBranch(tf, isJpeg, width, height, 256);
      try (Session session = new Session(graph)) {
        for (long[] row : widthHeightBranch) {
          for (boolean jpeg : new boolean[] {true, false}) {
            try (var jpegFlag = org.tensorflow.types.TBool.scalarOf(jpeg);
                var w = org.tensorflow.types.TInt64.scalarOf(row[0]);
                var h = org.tensorflow.types.TInt64.scalarOf(row[1]);
                Result result = session.runner().feed(isJpeg, jpegFlag).feed(width, w).feed(height, h)
                    .fetch(branch).run()) {
              int expected = jpeg ? (int) row[2] : 0;
              assertEquals(expected, ((org.tensorflow.types.TInt32) result.get(0)).getInt(),
                  (jpeg ? "JPEG " : "other format ") + row[0] + "x" + row[1]);
            }
          }
        }
      }
    }
  }

  @Test
  void otherFormatsAndSmallJpegsDecodeExactlyAsBefore(@TempDir Path temp) {
    PreprocessingSpec standard = new PreprocessingSpec(256, 224, Normalization.HALF);
    Random random = new Random(5);
    List<Path> files = List.of(
        TestImages.write(TestImages.photoLike(2000, 1500, random), temp.resolve("large.png"), "png"),
        TestImages.write(TestImages.photoLike(1200, 900, random), temp.resolve("large.bmp"), "bmp"),
        TestImages.write(TestImages.photoLike(600, 500, random), temp.resolve("medium.gif"), "gif"),
        TestImages.write(TestImages.photoLike(700, 510, random), temp.resolve("small.jpg"), "jpg"),
        TestImages.write(TestImages.photoLike(64, 64, random), temp.resolve("tiny.jpg"), "jpg"));
    float[][] now = preprocess(files, standard, true);
    float[][] plain = preprocess(files, standard, false);
    for (int i = 0; i < files.size(); i++) {
      assertArrayEquals(plain[i], now[i], files.get(i).getFileName() + " must be bit-identical to the plain decode");
    }
  }

  /**
   * The resize reads the decoded bytes directly (no float copy of the whole picture first) and the
   * normalization is one scalar multiply-add; the network input must still be bit for bit that of casting to
   * float, resizing with half-pixel centres, cropping the centre and normalizing, so models trained before see
   * the same input.
   */
  @Test
  void resizingStraightFromBytesGivesThePixelsOfCastingFirst(@TempDir Path temp) {
    PreprocessingSpec standard = new PreprocessingSpec(256, 224, Normalization.HALF);
    Random random = new Random(8);
    List<Path> files = List.of(
        TestImages.write(TestImages.photoLike(500, 375, random), temp.resolve("photo.jpg"), "jpg"),
        TestImages.write(TestImages.photoLike(300, 420, random), temp.resolve("portrait.png"), "png"));
    int[][] resizedHeightWidth = {{256, 341}, {358, 256}};
    for (int n = 0; n < files.size(); n++) {
      int height = resizedHeightWidth[n][0];
      int width = resizedHeightWidth[n][1];
      try (Graph graph = new Graph()) {
        Ops tf = Ops.create(graph);
        Placeholder<TString> batch = tf.placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
        Operand<TFloat32> pipeline = ImagePreprocessing.decodeBatch(tf, batch, standard, 1);
        Placeholder<TString> file = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
        Operand<TFloat32> pixels = tf.dtypes.cast(
            tf.image.decodeImage(file, TUint8.class, DecodeImage.channels(3L), DecodeImage.expandAnimations(false)),
            TFloat32.class);
        Operand<TFloat32> resized = tf.image.resizeBilinear(tf.expandDims(pixels, tf.constant(0)),
            tf.constant(new int[] {height, width}), ResizeBilinear.halfPixelCenters(true));
        // TensorFlow's Round is half-to-even, like Math.rint.
        int top = (int) Math.rint((height - 224) / 2.0);
        int left = (int) Math.rint((width - 224) / 2.0);
        Operand<TFloat32> cropped = tf.slice(resized, tf.constant(new int[] {0, top, left, 0}),
            tf.constant(new int[] {1, 224, 224, 3}));
        // HALF: (x / 255 - 0.5) / 0.5 as x · 1/(255 · 0.5) + (-0.5 / 0.5), per channel.
        Operand<TFloat32> reference = tf.math.add(
            tf.math.mul(cropped, tf.constant(new float[] {1f / (255f * 0.5f), 1f / (255f * 0.5f), 1f / (255f * 0.5f)})),
            tf.constant(new float[] {-0.5f / 0.5f, -0.5f / 0.5f, -0.5f / 0.5f}));
        byte[] content = readAllBytes(files.get(n));
        try (Session session = new Session(graph);
            TString one = TString.tensorOfBytes(NdArrays.vectorOfObjects(new byte[][] {content}));
            TString scalar = TString.tensorOfBytes(NdArrays.scalarOfObject(content));
            Result result = session.runner().feed(batch, one).feed(file, scalar).fetch(pipeline)
                .fetch(reference).run()) {
          assertArrayEquals(floats((TFloat32) result.get(1)), floats((TFloat32) result.get(0)),
              files.get(n).getFileName() + ": bit-identical to cast, resize, crop, normalize");
        }
      }
    }
  }

  private static float[] floats(TFloat32 tensor) {
    float[] values = new float[(int) tensor.shape().size()];
    tensor.asRawTensor().data().asFloats().read(values);
    return values;
  }

  @Test
  void largeGrayscaleJpegsGiveThreeChannelsAndDamagedOnesAreNamed(@TempDir Path temp) throws Exception {
    BufferedImage gray = new BufferedImage(1200, 900, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D graphics = gray.createGraphics();
    graphics.drawImage(TestImages.photoLike(1200, 900, new Random(3)), 0, 0, null);
    graphics.dispose();
    Path grayJpeg = TestImages.write(gray, temp.resolve("gray.jpg"), "jpg");
    Path colour = TestImages.write(TestImages.photoLike(1600, 1200, new Random(4)), temp.resolve("colour.jpg"), "jpg");
    byte[] jpeg = Files.readAllBytes(colour);
    Path truncated = Files.write(temp.resolve("truncated.jpg"), java.util.Arrays.copyOf(jpeg, jpeg.length / 3));
    PreprocessingSpec standard = new PreprocessingSpec(256, 224, Normalization.HALF);
    List<BadImage> bad = new java.util.ArrayList<>();
    try (BatchDecoder decoder = new BatchDecoder(standard, Augmentation.NONE, 2,
            ComputeSettings.defaults(Precision.FP32).decodeSessionConfig(), bad::add);
        DecodedBatch decoded = decoder.decode(batch(List.of(grayJpeg, truncated, colour)), false)) {
      assertEquals(List.of(grayJpeg, colour), decoded.samples().stream().map(ImageSample::path).toList());
      TFloat32 images = decoded.images();
      assertEquals(images.getFloat(0, 100, 100, 0), images.getFloat(0, 100, 100, 1), 1e-6);
      assertEquals(images.getFloat(0, 100, 100, 0), images.getFloat(0, 100, 100, 2), 1e-6);
    }
    assertEquals(List.of(new BadImage(truncated, "damaged or truncated JPEG data")), bad);
  }

  /** Each file's network input [S·S·3] in pixel units (0–255), as decodeBatch makes it. */
  private static float[][] preprocess(List<Path> files, PreprocessingSpec spec, boolean scaleLargeJpegs) {
    byte[][] contents = files.stream().map(ImagePreprocessingTest::readAllBytes).toArray(byte[][]::new);
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TString> input = tf.placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
      Operand<TFloat32> images = ImagePreprocessing.decodeBatch(tf, input, spec, 2, scaleLargeJpegs);
      try (Session session = new Session(graph);
          TString bytes = TString.tensorOfBytes(NdArrays.vectorOfObjects(contents));
          Result result = session.runner().feed(input, bytes).fetch(images).run()) {
        TFloat32 normalized = (TFloat32) result.get(0);
        int size = spec.imageSize();
        float[][] pixels = new float[files.size()][size * size * 3];
        for (int n = 0; n < files.size(); n++) {
          for (int i = 0; i < size * size * 3; i++) {
            // HALF normalization: x = (p / 255 - 0.5) / 0.5.
            pixels[n][i] = (normalized.getFloat(n, i / (3 * size), i / 3 % size, i % 3) * 0.5f + 0.5f) * 255f;
          }
        }
        return pixels;
      }
    }
  }

  /**
   * The ideal network input: the original pixels (before JPEG) area-averaged to the pipeline's resized
   * size, cropped at the pipeline's offset. Area averaging is what a downscale should be: each output
   * pixel the mean of the input pixels it covers.
   */
  private static float[] areaAveraged(BufferedImage original, PreprocessingSpec spec) {
    int height = original.getHeight();
    int width = original.getWidth();
    // The pipeline's own float32 arithmetic for the resized size and the crop offset.
    float scale = spec.resize() / (float) Math.min(height, width);
    int newHeight = Math.max((int) Math.floor(height * scale), spec.resize());
    int newWidth = Math.max((int) Math.floor(width * scale), spec.resize());
    BufferedImage resized = new BufferedImage(newWidth, newHeight, BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = resized.createGraphics();
    graphics.drawImage(original.getScaledInstance(newWidth, newHeight, java.awt.Image.SCALE_AREA_AVERAGING),
        0, 0, null);
    graphics.dispose();
    int top = Math.round((newHeight - spec.imageSize()) / 2f);
    int left = Math.round((newWidth - spec.imageSize()) / 2f);
    int size = spec.imageSize();
    float[] pixels = new float[size * size * 3];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int rgb = resized.getRGB(left + x, top + y);
        for (int c = 0; c < 3; c++) {
          pixels[(y * size + x) * 3 + c] = (rgb >> (16 - 8 * c)) & 0xFF;
        }
      }
    }
    return pixels;
  }

  private static double meanAbsoluteDifference(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += Math.abs(a[i] - b[i]);
    }
    return sum / a.length;
  }

  private static byte[] readAllBytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
