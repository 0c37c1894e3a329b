package tftrain.cli;

import java.io.PrintWriter;
import tftrain.data.BadImage;

/** The warning lines a training run prints on stderr, and the count of skipped files for its last line. */
final class RunWarnings {

  private final PrintWriter err;
  private int badImages;

  RunWarnings(PrintWriter err) {
    this.err = err;
  }

  void badImage(BadImage bad) {
    badImages++;
    warn("skipped " + bad.path() + ": " + bad.reason());
  }

  void warn(String message) {
    err.println("warning: " + message);
    err.flush();
  }

  int badImageCount() {
    return badImages;
  }
}
