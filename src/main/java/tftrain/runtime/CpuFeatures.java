package tftrain.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The CPU features that decide which kernels run fast, as /proc/cpuinfo's flags name them.
 *
 * <p>{@link #hardware()} is this machine's, unless the system property {@value #OVERRIDE_PROPERTY} or the
 * environment variable {@value #OVERRIDE_VARIABLE} names a {@link CpuClass} ("avx2", "amx", …): then it is
 * that class's typical features. That is the seam that lets a test run as if on another CPU, and the
 * launcher passes both on to its child JVM.
 */
public record CpuFeatures(
    boolean avx2,
    boolean fma,
    boolean avx512f,
    boolean avx512Vnni,
    boolean avx512Bf16,
    boolean amxBf16,
    boolean amxTile,
    boolean avxVnni) {

  public static final String OVERRIDE_PROPERTY = "tftrain.cpu";
  public static final String OVERRIDE_VARIABLE = "TFTRAIN_CPU";
  private static final Path CPUINFO = Path.of("/proc/cpuinfo");

  /** This machine's features, or those of the class the override names. */
  public static CpuFeatures hardware() {
    return hardware(System.getProperty(OVERRIDE_PROPERTY), System.getenv());
  }

  static CpuFeatures hardware(String overrideProperty, Map<String, String> env) {
    String override = overrideProperty != null ? overrideProperty : env.get(OVERRIDE_VARIABLE);
    if (override != null && !override.isBlank()) {
      return typicalOf(CpuClass.parse(override));
    }
    try {
      return fromCpuinfo(Files.readString(CPUINFO));
    } catch (IOException | RuntimeException e) {
      return typicalOf(CpuClass.BELOW_AVX2);
    }
  }

  /** The first processor's flags in a /proc/cpuinfo text. */
  public static CpuFeatures fromCpuinfo(String cpuinfo) {
    for (String line : cpuinfo.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equals("flags")) {
        return fromFlags(line.substring(colon + 1));
      }
    }
    return typicalOf(CpuClass.BELOW_AVX2);
  }

  /** Features from a space-separated flag list, e.g. "fpu avx2 fma avx512f". */
  public static CpuFeatures fromFlags(String flags) {
    Set<String> set = new HashSet<>(Arrays.asList(flags.trim().split("\\s+")));
    return new CpuFeatures(set.contains("avx2"), set.contains("fma"), set.contains("avx512f"),
        set.contains("avx512_vnni"), set.contains("avx512_bf16"), set.contains("amx_bf16"),
        set.contains("amx_tile"), set.contains("avx_vnni"));
  }

  /** A CPU of {@code cpuClass} as the real ones of that class have it (Zen 3, Skylake-SP, Ice Lake, Zen 4, SPR). */
  public static CpuFeatures typicalOf(CpuClass cpuClass) {
    boolean avx2 = cpuClass.compareTo(CpuClass.AVX2) >= 0;
    boolean avx512 = cpuClass.compareTo(CpuClass.AVX512) >= 0;
    boolean vnni = cpuClass.compareTo(CpuClass.AVX512_VNNI) >= 0;
    boolean bf16 = cpuClass.hasNativeBf16();
    boolean amx = cpuClass == CpuClass.AMX;
    return new CpuFeatures(avx2, avx2, avx512, vnni, bf16, amx, amx, amx);
  }

  /** The class these features put the CPU in. */
  public CpuClass cpuClass() {
    if (amxBf16 && amxTile) {
      return CpuClass.AMX;
    }
    if (avx512f && avx512Bf16) {
      return CpuClass.AVX512_BF16;
    }
    if (avx512f && avx512Vnni) {
      return CpuClass.AVX512_VNNI;
    }
    if (avx512f) {
      return CpuClass.AVX512;
    }
    return avx2 && fma ? CpuClass.AVX2 : CpuClass.BELOW_AVX2;
  }

  /**
   * Whether TensorFlow 2.18 turns oneDNN on when {@code TF_ENABLE_ONEDNN_OPTS} is unset: on Linux x86 only
   * with AVX512_VNNI, AVX512_BF16, AVX_VNNI or AMX ({@code DefaultOneDnnPolicy} in tensorflow/core/util/util.cc).
   * It tests the real CPU, so a cap in ONEDNN_MAX_CPU_ISA does not change it.
   */
  public boolean tensorFlowTurnsOneDnnOn() {
    return avx512Vnni || avx512Bf16 || avxVnni || amxTile || amxBf16;
  }
}
