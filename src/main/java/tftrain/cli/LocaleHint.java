package tftrain.cli;

import java.io.PrintWriter;
import java.util.List;
import tftrain.FileErrors;

/**
 * Under a non-UTF-8 locale (LANG=C, POSIX) Java cannot spell non-ASCII file or class names and prints
 * '?' for them; one line says why and what to do, instead of "unmappable characters" later.
 */
final class LocaleHint {

  private LocaleHint() {}

  static void warnIfNeeded(List<String> classNames, PrintWriter err) {
    if (FileErrors.isUtf8Locale()) {
      return;
    }
    boolean nonAscii = classNames.stream().anyMatch(name -> name.chars().anyMatch(c -> c > 127));
    if (nonAscii) {
      err.println("warning: class names with non-ASCII letters, but the locale's encoding is "
          + FileErrors.fileNameCharset() + "; names may show as '?': run with a UTF-8 locale, e.g. LC_ALL=C.UTF-8");
    }
  }
}
