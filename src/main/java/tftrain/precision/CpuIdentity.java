package tftrain.precision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Which CPU this is, as /proc/cpuinfo names it: model name, family and the bf16 flags. bf16 kernels were
 * found right on one AMD EPYC and wrong on another, so a precision verdict is only valid for the CPU model
 * it was measured on.
 *
 * @param modelName e.g. "AMD EPYC 9R45"
 * @param family the "cpu family" number (25 is AMD Zen 3/4, 26 is Zen 5), -1 when unknown
 * @param hasAvx512Bf16 the avx512_bf16 flag
 * @param hasAmxBf16 the amx_bf16 flag
 */
public record CpuIdentity(String modelName, int family, boolean hasAvx512Bf16, boolean hasAmxBf16) {

  private static final Path CPUINFO = Path.of("/proc/cpuinfo");

  /** This machine's CPU; "unknown" where /proc/cpuinfo cannot be read (not Linux). */
  public static CpuIdentity current() {
    try {
      return parse(Files.readString(CPUINFO));
    } catch (IOException | RuntimeException e) {
      return new CpuIdentity("unknown", -1, false, false);
    }
  }

  /** Reads the first processor's entries of a /proc/cpuinfo text. */
  static CpuIdentity parse(String cpuinfo) {
    String model = "unknown";
    int family = -1;
    String flags = "";
    for (String line : cpuinfo.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        if (!model.equals("unknown") && line.isBlank()) {
          break; // end of the first processor's block
        }
        continue;
      }
      String key = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      switch (key) {
        case "model name" -> model = value;
        case "cpu family" -> family = parseFamily(value);
        case "flags" -> flags = " " + value + " ";
        default -> { }
      }
    }
    return new CpuIdentity(model, family, flags.contains(" avx512_bf16 "), flags.contains(" amx_bf16 "));
  }

  private static int parseFamily(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** True where oneDNN has native bf16 instructions to run bf16 at full speed. */
  public boolean hasNativeBf16() {
    return hasAvx512Bf16 || hasAmxBf16;
  }

  /** "AMD EPYC (family 26, avx512_bf16)" for lines and records. */
  public String description() {
    String bf16 = hasAmxBf16 ? "amx_bf16" : hasAvx512Bf16 ? "avx512_bf16" : "no bf16";
    return String.format(Locale.ROOT, "%s (family %d, %s)", modelName, family, bf16);
  }
}
