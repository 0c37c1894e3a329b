package tftrain.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.Point;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contact sheet: what it keeps, in which order, and the PNG it draws. */
class ContactSheetTest {

  private static final List<String> CLASSES = List.of("boot", "sneaker", "sandal");
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  @TempDir Path temp;

  /** A prediction of {@code predicted} at 0.8 for file {@code name}. */
  private static Prediction predicting(int predicted, String name) {
    float[] probabilities = new float[CLASSES.size()];
    Arrays.fill(probabilities, 0.2f / (CLASSES.size() - 1));
    probabilities[predicted] = 0.8f;
    return new Prediction(Path.of("val", name), probabilities, null);
  }

  private static BufferedImage solid(Color color, int side) {
    BufferedImage picture = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        picture.setRGB(x, y, color.getRGB());
      }
    }
    return picture;
  }

  private static int rgb(BufferedImage image, int x, int y) {
    return image.getRGB(x, y) & 0xFFFFFF;
  }

  private static int rgb(Color color) {
    return color.getRGB() & 0xFFFFFF;
  }

  private BufferedImage written(ContactSheet sheet) throws Exception {
    Path file = temp.resolve("sheet-" + System.nanoTime() + ".png");
    sheet.write(file, "test sheet");
    byte[] bytes = Files.readAllBytes(file);
    assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, 8), "a PNG file");
    BufferedImage image = ImageIO.read(file.toFile());
    assertNotNull(image, "ImageIO reads the sheet back");
    try (var siblings = Files.list(temp)) {
      assertTrue(siblings.allMatch(p -> !p.getFileName().toString().startsWith(".")), "no temporary file is left");
    }
    return image;
  }

  @Test
  void theSheetGrowsByWholeRowsOfUpToEightAndItsSizeFollowsTheCount() throws Exception {
    int[] counts = {1, 2, 4, 5, 9, 10, 64};
    int[] expectedColumns = {1, 2, 2, 3, 3, 4, 8};
    int[] expectedRows = {1, 1, 2, 2, 3, 3, 8};
    Dimension one = ContactSheet.size(1);
    int cellHeight = ContactSheet.size(3).height - ContactSheet.size(2).height; // 2 → 3 tiles adds a row
    assertTrue(cellHeight > ContactSheet.THUMBNAIL, "a row holds a thumbnail and its caption: " + cellHeight);
    for (int i = 0; i < counts.length; i++) {
      ContactSheet sheet = new ContactSheet(CLASSES, 64, false);
      for (int n = 0; n < counts[i]; n++) {
        sheet.offer(predicting(n % 3, "img" + n + ".jpg"), n % 3, () -> solid(Color.GRAY, 8));
      }
      BufferedImage image = written(sheet);
      Dimension expected = ContactSheet.size(counts[i]);
      assertEquals(expected, new Dimension(image.getWidth(), image.getHeight()), counts[i] + " tiles");
      assertEquals(one.height + (expectedRows[i] - 1) * cellHeight, image.getHeight(), counts[i] + " tiles: rows");
      // The last tile of the first row sits in column expectedColumns - 1; one more would be a new row.
      Point last = ContactSheet.thumbnailAt(expectedColumns[i] - 1, counts[i]);
      Point first = ContactSheet.thumbnailAt(0, counts[i]);
      assertEquals(first.y, last.y, counts[i] + " tiles: " + expectedColumns[i] + " columns");
      if (counts[i] > expectedColumns[i]) {
        assertEquals(first.x, ContactSheet.thumbnailAt(expectedColumns[i], counts[i]).x);
        assertEquals(first.y + cellHeight, ContactSheet.thumbnailAt(expectedColumns[i], counts[i]).y);
      }
      assertTrue(last.x + ContactSheet.THUMBNAIL < image.getWidth(), "the row fits the sheet");
    }
  }

  @Test
  void aMistakeComesFirstInAThickWrongFrameWithItsOwnPictureAndARightAnswerGetsAThinFrame() throws Exception {
    ContactSheet sheet = new ContactSheet(CLASSES, 8, false);
    sheet.offer(predicting(0, "right.jpg"), 0, () -> solid(Color.BLUE, 40));
    sheet.offer(predicting(0, "wrong.jpg"), 1, () -> solid(Color.GREEN, 40));
    BufferedImage image = written(sheet);

    Point mistake = ContactSheet.thumbnailAt(0, 2);
    int middle = ContactSheet.THUMBNAIL / 2;
    assertEquals(rgb(Color.GREEN), rgb(image, mistake.x + middle, mistake.y + middle), "the mistake is the first tile");
    // Every pixel across the thick frame, on all four sides, is the mistake colour.
    for (int d = 1; d <= ContactSheetWriter.WRONG_FRAME; d++) {
      int far = ContactSheet.THUMBNAIL - 1 + d;
      assertEquals(rgb(ContactSheetWriter.WRONG), rgb(image, mistake.x - d, mistake.y + middle), "left, " + d);
      assertEquals(rgb(ContactSheetWriter.WRONG), rgb(image, mistake.x + far, mistake.y + middle), "right, " + d);
      assertEquals(rgb(ContactSheetWriter.WRONG), rgb(image, mistake.x + middle, mistake.y - d), "top, " + d);
      assertEquals(rgb(ContactSheetWriter.WRONG), rgb(image, mistake.x + middle, mistake.y + far), "bottom, " + d);
    }
    assertEquals(rgb(Color.WHITE), rgb(image, mistake.x - ContactSheetWriter.WRONG_FRAME - 1, mistake.y + middle));
    // The cross badge: white strokes on the mistake colour in the thumbnail's corner, not colour alone.
    assertEquals(rgb(Color.WHITE), rgb(image, mistake.x + 11, mistake.y + 11), "the cross's centre");
    assertEquals(rgb(ContactSheetWriter.WRONG), rgb(image, mistake.x + 11, mistake.y + 2), "the badge around it");

    Point right = ContactSheet.thumbnailAt(1, 2);
    assertEquals(rgb(Color.BLUE), rgb(image, right.x + middle, right.y + middle));
    for (int d = 1; d <= ContactSheetWriter.RIGHT_FRAME; d++) {
      assertEquals(rgb(ContactSheetWriter.RIGHT), rgb(image, right.x - d, right.y + middle), "thin frame, " + d);
    }
    assertEquals(rgb(Color.WHITE), rgb(image, right.x - ContactSheetWriter.RIGHT_FRAME - 1, right.y + middle),
        "a right answer's frame is thin");
    assertEquals(rgb(ContactSheetWriter.RIGHT), rgb(image, right.x + 11, right.y + 2), "its tick badge");
  }

  @Test
  void captionsComeFromTheClassNamesAndTheTextIsDrawn() throws Exception {
    ContactSheet sheet = new ContactSheet(CLASSES, 8, false);
    sheet.offer(predicting(2, "a.jpg"), 1, () -> solid(Color.GRAY, 8));
    sheet.offer(predicting(1, "b.jpg"), -1, () -> solid(Color.GRAY, 8));
    List<ContactSheet.Tile> tiles = sheet.tiles();
    assertEquals("sandal", tiles.get(0).predicted());
    assertEquals("sneaker", tiles.get(0).actual());
    assertEquals(" 80.0%", tiles.get(0).probabilityText());
    assertEquals("a.jpg", tiles.get(0).name());
    assertTrue(tiles.get(0).isMistake());
    assertEquals("sneaker", tiles.get(1).predicted());
    assertEquals(null, tiles.get(1).actual(), "an unlabelled image has no actual class");
    assertFalse(tiles.get(1).isMistake());
    assertEquals("2 images, 1 wrong; showing 1 wrong, 1 right", sheet.summary());

    // Headless text rendering works here: the caption band under the thumbnail holds dark pixels.
    BufferedImage image = written(sheet);
    Point origin = ContactSheet.thumbnailAt(0, 2);
    int dark = 0;
    int captionTop = origin.y + ContactSheet.THUMBNAIL + ContactSheetWriter.WRONG_FRAME;
    for (int y = captionTop; y < captionTop + 50; y++) {
      for (int x = origin.x - ContactSheetWriter.WRONG_FRAME; x < origin.x + ContactSheet.THUMBNAIL; x++) {
        dark += (rgb(image, x, y) & 0xFF) < 100 ? 1 : 0;
      }
    }
    assertTrue(dark > 100, "caption text drawn: " + dark + " dark pixels");
  }

  @Test
  void theLimitKeepsMistakesFirstAndAsksOnlyForPicturesItShows() throws Exception {
    AtomicInteger pictures = new AtomicInteger();
    Supplier<BufferedImage> counted = () -> {
      pictures.incrementAndGet();
      return solid(Color.GRAY, 8);
    };
    ContactSheet sheet = new ContactSheet(CLASSES, 4, false);
    for (int n = 0; n < 10; n++) {
      sheet.offer(predicting(0, "right" + n + ".jpg"), 0, counted);
    }
    for (int n = 0; n < 2; n++) {
      sheet.offer(predicting(0, "wrong" + n + ".jpg"), 2, counted);
    }
    List<String> names = sheet.tiles().stream().map(ContactSheet.Tile::name).toList();
    assertEquals(List.of("wrong0.jpg", "wrong1.jpg", "right0.jpg", "right1.jpg"), names);
    assertEquals(6, pictures.get(), "4 right (the most that could be shown) and 2 wrong pictures were made");
    assertEquals("12 images, 2 wrong; showing 2 wrong, 2 right", sheet.summary());
    assertEquals(ContactSheet.size(4), dimensions(written(sheet)));

    ContactSheet mistakesOnly = new ContactSheet(CLASSES, 3, true);
    for (int n = 0; n < 5; n++) {
      mistakesOnly.offer(predicting(1, "right" + n + ".jpg"), 1, () -> { throw new AssertionError("not shown"); });
      mistakesOnly.offer(predicting(1, "wrong" + n + ".jpg"), 0, () -> solid(Color.GRAY, 8));
    }
    assertEquals(List.of("wrong0.jpg", "wrong1.jpg", "wrong2.jpg"),
        mistakesOnly.tiles().stream().map(ContactSheet.Tile::name).toList());
    assertEquals("10 images, 5 wrong; showing 3 wrong", mistakesOnly.summary());
  }

  @Test
  void aSheetWithNothingToShowIsStillAPicture() throws Exception {
    ContactSheet sheet = new ContactSheet(CLASSES, 4, true);
    sheet.offer(predicting(1, "right.jpg"), 1, () -> solid(Color.GRAY, 8));
    sheet.offer(new Prediction(Path.of("broken.jpg"), null, "cannot decode"), 0, () -> solid(Color.GRAY, 8));
    assertEquals("1 image, 0 wrong; showing none", sheet.summary(), "a failed file is not counted");
    assertEquals(ContactSheet.size(0), dimensions(written(sheet)));
  }

  private static Dimension dimensions(BufferedImage image) {
    return new Dimension(image.getWidth(), image.getHeight());
  }
}
