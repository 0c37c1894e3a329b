package tftrain.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Point;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import tftrain.io.AtomicFiles;

/**
 * Draws a {@link ContactSheet} as a PNG: a header (what was classified, the counts, a legend), then the
 * tiles in rows, each thumbnail framed and captioned. A mistake is told apart by three things, so colour is
 * never the only cue: a thick frame (a right answer's is thin), a cross badge (a right answer has a tick),
 * and the Okabe–Ito vermillion, whose lightness also differs from the bluish green of a right answer.
 * Text uses the JDK's logical sans-serif font, which needs no font package of its own.
 */
public final class ContactSheetWriter {

  /** Okabe–Ito vermillion: a mistake. */
  static final Color WRONG = new Color(0xD5, 0x5E, 0x00);
  /** Okabe–Ito bluish green: a right answer. */
  static final Color RIGHT = new Color(0x00, 0x9E, 0x73);
  /** An image whose actual class is unknown. */
  static final Color UNKNOWN = new Color(0x99, 0x99, 0x99);
  private static final Color TEXT = Color.BLACK;
  private static final Color QUIET_TEXT = new Color(0x55, 0x55, 0x55);

  /** Frame widths in pixels; every cell reserves the thickest, so thumbnails line up. */
  static final int WRONG_FRAME = 6;
  static final int RIGHT_FRAME = 2;
  private static final int BADGE = 22;
  private static final int MARGIN = 16;
  private static final int GAP = 14;
  private static final int MAX_COLUMNS = 8;
  private static final int MIN_WIDTH = 440;
  private static final int CAPTION_LINE = 17;
  private static final int CAPTION_LINES = 3;
  private static final int HEADER_LINE = 24;

  private static final Font HEADING = new Font(Font.SANS_SERIF, Font.BOLD, 17);
  private static final Font CAPTION_BOLD = new Font(Font.SANS_SERIF, Font.BOLD, 12);
  private static final Font CAPTION = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  private static final Font FILE_NAME = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

  private ContactSheetWriter() {}

  /** A tile's frame and thumbnail, side by side. */
  static final int CELL_WIDTH = ContactSheet.THUMBNAIL + 2 * WRONG_FRAME;
  private static final int CELL_HEIGHT = CELL_WIDTH + 6 + CAPTION_LINES * CAPTION_LINE;

  /**
   * Writes the sheet to {@code target} atomically.
   *
   * @param header lines above the tiles: what was classified, then the counts
   * @throws UncheckedIOException if the file cannot be written
   */
  static void write(Path target, List<String> header, List<ContactSheet.Tile> tiles) {
    BufferedImage sheet = render(header, tiles);
    try {
      AtomicFiles.writeFile(target, out -> {
        if (!ImageIO.write(sheet, "png", out)) {
          throw new IOException("no PNG writer in this JDK");
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  /** Columns for {@code count} tiles: a near-square grid, at most {@value #MAX_COLUMNS} wide. */
  static int columns(int count) {
    return Math.max(1, Math.min(MAX_COLUMNS, (int) Math.ceil(Math.sqrt(count))));
  }

  /** The size of a sheet of {@code count} tiles under {@code headerTextLines} lines of header text. */
  static Dimension size(int count, int headerTextLines) {
    int columns = columns(count);
    int rows = (count + columns - 1) / columns;
    int width = Math.max(MIN_WIDTH, 2 * MARGIN + columns * CELL_WIDTH + (columns - 1) * GAP);
    return new Dimension(width, MARGIN + headerHeight(headerTextLines) + rows * (CELL_HEIGHT + GAP) + MARGIN);
  }

  /** The header's text lines, the legend line under them, and a gap. */
  private static int headerHeight(int headerTextLines) {
    return (headerTextLines + 1) * HEADER_LINE + GAP;
  }

  /** Where tile {@code index} of {@code count} puts its thumbnail's top-left pixel (inside the frame). */
  static Point thumbnailOrigin(int index, int count, int headerTextLines) {
    int columns = columns(count);
    return new Point(MARGIN + (index % columns) * (CELL_WIDTH + GAP) + WRONG_FRAME,
        MARGIN + headerHeight(headerTextLines) + (index / columns) * (CELL_HEIGHT + GAP) + WRONG_FRAME);
  }

  static BufferedImage render(List<String> header, List<ContactSheet.Tile> tiles) {
    HeadlessAwt.useUnlessChosen();
    int count = tiles.size();
    Dimension size = size(count, header.size());
    int width = size.width;
    BufferedImage sheet = new BufferedImage(width, size.height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = sheet.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
      boolean anyWrong = tiles.stream().anyMatch(ContactSheet.Tile::isMistake);
      boolean anyRight = tiles.stream().anyMatch(tile -> tile.actual() != null && !tile.isMistake());
      drawHeader(g, header, anyWrong, anyRight, count == 0, width - 2 * MARGIN);
      for (int i = 0; i < count; i++) {
        Point origin = thumbnailOrigin(i, count, header.size());
        drawTile(g, tiles.get(i), origin.x, origin.y);
      }
    } finally {
      g.dispose();
    }
    return sheet;
  }

  private static void drawHeader(Graphics2D g, List<String> header, boolean anyWrong, boolean anyRight,
      boolean empty, int width) {
    int baseline = MARGIN + HEADER_LINE - 6;
    for (int i = 0; i < header.size(); i++) {
      g.setFont(i == 0 ? HEADING : CAPTION);
      g.setColor(i == 0 ? TEXT : QUIET_TEXT);
      g.drawString(fit(header.get(i), g.getFontMetrics(), width), MARGIN, baseline);
      baseline += HEADER_LINE;
    }
    g.setFont(CAPTION);
    if (empty) {
      g.setColor(QUIET_TEXT);
      g.drawString("(nothing to show)", MARGIN, baseline);
      return;
    }
    if (!anyWrong && !anyRight) {
      g.setColor(QUIET_TEXT);
      g.drawString(fit("no actual classes known: captions give the prediction only", g.getFontMetrics(), width),
          MARGIN, baseline);
      return;
    }
    // The legend: the badges as they appear on the tiles, each with its words.
    int badgeTop = baseline - BADGE + 6;
    int x = MARGIN;
    if (anyWrong) {
      x = drawLegendEntry(g, true, "wrong: thick frame, cross", x, badgeTop, baseline);
    }
    if (anyRight) {
      drawLegendEntry(g, false, "right: thin frame, tick", x, badgeTop, baseline);
    }
  }

  /** One badge and its words; returns where the next entry starts. */
  private static int drawLegendEntry(Graphics2D g, boolean mistake, String words, int x, int badgeTop, int baseline) {
    drawBadge(g, mistake, x, badgeTop);
    g.setColor(TEXT);
    g.drawString(words, x + BADGE + 6, baseline);
    return x + BADGE + 6 + g.getFontMetrics().stringWidth(words) + 24;
  }

  private static void drawTile(Graphics2D g, ContactSheet.Tile tile, int x, int y) {
    int side = ContactSheet.THUMBNAIL;
    boolean known = tile.actual() != null;
    int frame = tile.isMistake() ? WRONG_FRAME : known ? RIGHT_FRAME : 1;
    g.setColor(tile.isMistake() ? WRONG : known ? RIGHT : UNKNOWN);
    g.fillRect(x - frame, y - frame, side + 2 * frame, side + 2 * frame);
    g.drawImage(tile.thumbnail(), x, y, null);
    if (known) {
      drawBadge(g, tile.isMistake(), x, y);
    }
    int left = x - WRONG_FRAME;
    int baseline = y + side + WRONG_FRAME + CAPTION_LINE;
    g.setColor(TEXT);
    // The probability is never cut: a long class name gives way to it.
    drawLabelled(g, "predicted: ", tile.predicted(), tile.probabilityText(), true, left, baseline);
    if (known) {
      baseline += CAPTION_LINE;
      drawLabelled(g, "actual: ", tile.actual(), "", tile.isMistake(), left, baseline);
    }
    baseline += CAPTION_LINE;
    g.setFont(FILE_NAME);
    g.setColor(QUIET_TEXT);
    g.drawString(fit(tile.name(), g.getFontMetrics(), CELL_WIDTH), left, baseline);
  }

  /** {@code label} plain, {@code value} (bold if asked) cut to the room {@code suffix} leaves, then {@code suffix}. */
  private static void drawLabelled(Graphics2D g, String label, String value, String suffix, boolean bold, int x,
      int baseline) {
    Font valueFont = bold ? CAPTION_BOLD : CAPTION;
    FontMetrics plain = g.getFontMetrics(CAPTION);
    FontMetrics valueMetrics = g.getFontMetrics(valueFont);
    int room = CELL_WIDTH - plain.stringWidth(label) - plain.stringWidth(suffix);
    String shown = fit(value, valueMetrics, room);
    g.setFont(CAPTION);
    g.drawString(label, x, baseline);
    x += plain.stringWidth(label);
    g.setFont(valueFont);
    g.drawString(shown, x, baseline);
    x += valueMetrics.stringWidth(shown);
    g.setFont(CAPTION);
    g.drawString(suffix, x, baseline);
  }

  /** A square badge at ({@code x}, {@code y}): a white cross on vermillion, or a white tick on bluish green. */
  private static void drawBadge(Graphics2D g, boolean mistake, int x, int y) {
    g.setColor(mistake ? WRONG : RIGHT);
    g.fillRect(x, y, BADGE, BADGE);
    g.setColor(Color.WHITE);
    g.setStroke(new BasicStroke(3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    if (mistake) {
      g.drawLine(x + 6, y + 6, x + BADGE - 6, y + BADGE - 6);
      g.drawLine(x + BADGE - 6, y + 6, x + 6, y + BADGE - 6);
    } else {
      g.drawPolyline(new int[] {x + 5, x + 9, x + BADGE - 5}, new int[] {y + 11, y + BADGE - 6, y + 6}, 3);
    }
    g.setStroke(new BasicStroke(1f));
  }

  /** {@code text}, cut with an ellipsis to fit {@code width} pixels. */
  static String fit(String text, FontMetrics metrics, int width) {
    if (metrics.stringWidth(text) <= width) {
      return text;
    }
    String ellipsis = metrics.getFont().canDisplay('…') ? "…" : "...";
    int keep = text.length();
    while (keep > 0 && metrics.stringWidth(text.substring(0, keep) + ellipsis) > width) {
      keep--;
    }
    return text.substring(0, keep) + ellipsis;
  }
}
