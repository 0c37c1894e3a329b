package tftrain.data.tools;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte counts as people write and read them: {@code 500M}, {@code 16G}, {@code 1.5GiB}, {@code 4096}.
 *
 * <p>Units are powers of 1024, as in {@code du -h}; {@code K}, {@code KB} and {@code KiB} all mean 1024 bytes,
 * because users type whichever they are used to and none of them means to be off by 7%.
 */
public final class ByteSize {

  private static final Pattern SIZE =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(|B|K|KB|KIB|M|MB|MIB|G|GB|GIB|T|TB|TIB)");
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

  private ByteSize() {}

  /**
   * Parses a size such as {@code 16G}.
   *
   * @throws IllegalArgumentException when the text is not a positive size
   */
  public static long parse(String text) {
    Matcher matcher = SIZE.matcher(text.strip().toUpperCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a size; write it like 500M, 16G or 1.5T");
    }
    double number = Double.parseDouble(matcher.group(1));
    double bytes = number * multiplier(matcher.group(2));
    if (bytes < 1 || bytes >= Long.MAX_VALUE) {
      throw new IllegalArgumentException("'" + text + "' is out of range; write it like 500M, 16G or 1.5T");
    }
    return (long) bytes;
  }

  /** Formats a byte count for a summary line: {@code 812 B}, {@code 1.5 MiB}, {@code 16.0 GiB}. */
  public static String format(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
  }

  private static double multiplier(String unit) {
    return switch (unit.isEmpty() ? 'B' : unit.charAt(0)) {
      case 'K' -> 1024d;
      case 'M' -> 1024d * 1024;
      case 'G' -> 1024d * 1024 * 1024;
      case 'T' -> 1024d * 1024 * 1024 * 1024;
      default -> 1d;
    };
  }
}
