package tftrain.precision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import tftrain.runtime.CpuClass;
import tftrain.runtime.CpuFeatures;
import tftrain.runtime.EffectiveCpu;

/**
 * Which CPU this is, as /proc/cpuinfo names it: model name, family and the class its kernels run as. bf16
 * kernels were found right on one AMD EPYC and wrong on another, so a precision verdict is only valid for the
 * CPU model (and class) it was measured on.
 *
 * @param modelName e.g. "AMD EPYC 9R45"
 * @param family the "cpu family" number (25 is AMD Zen 3/4, 26 is Zen 5), -1 when unknown
 * @param cpuClass the class the kernels run as: the flags' class, or the one the test seam or a
 *     ONEDNN_MAX_CPU_ISA cap makes it (see {@link EffectiveCpu})
 */
public record CpuIdentity(String modelName, int family, CpuClass cpuClass) {

  private static final Path CPUINFO = Path.of("/proc/cpuinfo");

  /**
   * This machine's CPU, in the class {@link EffectiveCpu#current()} gives it; "unknown" where /proc/cpuinfo cannot
   * be read.
   */
  public static CpuIdentity current() {
    CpuClass effective = EffectiveCpu.current().cpuClass();
    try {
      CpuIdentity read = parse(Files.readString(CPUINFO));
      return new CpuIdentity(read.modelName(), read.family(), effective);
    } catch (IOException | RuntimeException e) {
      return new CpuIdentity("unknown", -1, effective);
    }
  }

  /** Reads the first processor's model, family and flags of a /proc/cpuinfo text. */
  static CpuIdentity parse(String cpuinfo) {
    String model = "unknown";
    int family = -1;
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
        default -> { }
      }
    }
    return new CpuIdentity(model, family, CpuFeatures.fromCpuinfo(cpuinfo).cpuClass());
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
    return cpuClass.hasNativeBf16();
  }

  /** "AMD EPYC (family 26, AVX-512-bf16)" for lines and records, and the verdict cache's key. */
  public String description() {
    return String.format(Locale.ROOT, "%s (family %d, %s)", modelName, family, cpuClass.label());
  }
}
