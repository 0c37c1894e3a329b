package tftrain.report;

import java.awt.Dimension;
import java.awt.Graphics2D;
import java.awt.Point;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * What a contact sheet of classified images shows: one tile per image (its thumbnail, the predicted class
 * and probability, the actual class where known), the mistakes first, at most {@code max} tiles. Images
 * are offered one by one as they are classified; only those that will be shown are kept, and their
 * pictures are asked for only then, so a large input costs at most {@code 2 · max} thumbnails.
 * {@link ContactSheetWriter} draws it.
 */
public final class ContactSheet {

  /** Thumbnail side in pixels: large enough to judge a photo, small enough for 8 columns on a screen. */
  public static final int THUMBNAIL = 160;
  /**
   * The most tiles one sheet holds: it is one picture in memory (~80 MB at this count) and keeps up to twice as
   * many thumbnails while it chooses, so a larger count would run out of memory after all the work is done.
   */
  public static final int MAX_TILES = 512;

  /**
   * One image on the sheet.
   *
   * @param actual the actual class, or null when the input was not labelled
   * @param name what identifies the image to the reader (its file name)
   */
  public record Tile(BufferedImage thumbnail, String predicted, float probability, String actual, String name) {

    public boolean isMistake() {
      return actual != null && !actual.equals(predicted);
    }

    /** The probability of the predicted class as the caption shows it, e.g. {@code " 93.1%"}. */
    public String probabilityText() {
      return String.format(Locale.ROOT, " %.1f%%", probability * 100);
    }
  }

  /** The heading and the summary. */
  private static final int HEADER_TEXT_LINES = 2;

  private final List<String> classes;
  private final int max;
  private final boolean mistakesOnly;
  private final List<Tile> mistakes = new ArrayList<>();
  private final List<Tile> others = new ArrayList<>();
  private long images;
  private long wrong;
  private boolean labelled;

  /**
   * @param classes class names in label order
   * @param max the most tiles the sheet holds
   * @param mistakesOnly keep only mistakes (the training run's {@code mistakes.png})
   */
  public ContactSheet(List<String> classes, int max, boolean mistakesOnly) {
    if (max < 1) {
      throw new IllegalArgumentException("a contact sheet holds at least one tile, got " + max);
    }
    this.classes = List.copyOf(classes);
    this.max = max;
    this.mistakesOnly = mistakesOnly;
    // Thumbnails are drawn through Java2D as images are offered, before the sheet itself.
    HeadlessAwt.useUnlessChosen();
  }

  /**
   * Considers one classified image (a failed one is not shown).
   *
   * @param actual its actual class index, or -1 when unknown
   * @param picture what the model saw; called only when the image gets a tile
   */
  public void offer(Prediction prediction, int actual, Supplier<BufferedImage> picture) {
    if (prediction.failed()) {
      return;
    }
    images++;
    labelled |= actual >= 0;
    int predicted = prediction.predictedClass();
    boolean mistake = actual >= 0 && actual != predicted;
    wrong += mistake ? 1 : 0;
    List<Tile> into = mistake ? mistakes : others;
    // A tile beyond max of its kind can never be shown: mistakes come first, and the others fill up to max.
    if ((mistakesOnly && !mistake) || into.size() >= max) {
      return;
    }
    into.add(new Tile(thumbnail(picture.get()), classes.get(predicted), prediction.probabilities()[predicted],
        actual >= 0 ? classes.get(actual) : null, prediction.path().getFileName().toString()));
  }

  /** The tiles in sheet order: the mistakes, then the others, at most {@code max}. */
  public List<Tile> tiles() {
    List<Tile> shown = new ArrayList<>(mistakes.subList(0, Math.min(max, mistakes.size())));
    shown.addAll(others.subList(0, Math.min(max - shown.size(), others.size())));
    return shown;
  }

  /** Images offered that were classified. */
  public long images() {
    return images;
  }

  /** Of those, how many the model got wrong (0 when none was labelled). */
  public long mistakes() {
    return wrong;
  }

  /** Whether any image came with its actual class. */
  public boolean isLabelled() {
    return labelled;
  }

  /** What the sheet holds in one line, e.g. {@code 40 images, 7 wrong; showing 7 wrong, 25 right}. */
  public String summary() {
    List<Tile> shown = tiles();
    long shownWrong = shown.stream().filter(Tile::isMistake).count();
    StringBuilder text = new StringBuilder().append(images).append(images == 1 ? " image" : " images");
    if (labelled) {
      text.append(", ").append(wrong).append(" wrong");
    }
    text.append("; showing ");
    if (shown.isEmpty()) {
      return text.append("none").toString();
    }
    if (!labelled) {
      return text.append(shown.size()).toString();
    }
    text.append(shownWrong).append(" wrong");
    if (!mistakesOnly) {
      text.append(", ").append(shown.size() - shownWrong).append(" right");
    }
    return text.toString();
  }

  /**
   * Writes the sheet as a PNG, atomically, under a header of {@code heading} and the {@link #summary}.
   *
   * @throws java.io.UncheckedIOException if the file cannot be written
   */
  public void write(Path target, String heading) {
    ContactSheetWriter.write(target, List.of(heading, summary()), tiles());
  }

  /** The size in pixels of a written sheet of {@code tiles} tiles: it grows by whole rows of up to 8. */
  public static Dimension size(int tiles) {
    return ContactSheetWriter.size(tiles, HEADER_TEXT_LINES);
  }

  /** Where {@link #write} puts the top-left pixel of tile {@code index}'s thumbnail on a sheet of {@code tiles}. */
  public static Point thumbnailAt(int index, int tiles) {
    return ContactSheetWriter.thumbnailOrigin(index, tiles, HEADER_TEXT_LINES);
  }

  /**
   * {@code picture} scaled to {@link #THUMBNAIL}² (network inputs are square): smaller pictures grow by
   * whole pixels, so the reader sees the pixels the network had; larger ones shrink smoothly.
   */
  static BufferedImage thumbnail(BufferedImage picture) {
    BufferedImage thumbnail = new BufferedImage(THUMBNAIL, THUMBNAIL, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = thumbnail.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, picture.getWidth() < THUMBNAIL
          ? RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR : RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.drawImage(picture, 0, 0, THUMBNAIL, THUMBNAIL, null);
    } finally {
      g.dispose();
    }
    return thumbnail;
  }
}
