package tftrain.report;

import javax.imageio.ImageIO;

/** The Java2D settings every picture this package draws needs, on machines with or without a display. */
final class HeadlessAwt {

  private HeadlessAwt() {}

  /**
   * Java2D on a machine without a display only works headless. The property is read once, when AWT first
   * starts, so this runs before any drawing class touches AWT; a value the user chose on the command line
   * is left alone.
   */
  static void useUnlessChosen() {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    // ImageIO writes PNGs to a stream through a cache file in /tmp by default; a kill would leave it there.
    ImageIO.setUseCache(false);
  }
}
