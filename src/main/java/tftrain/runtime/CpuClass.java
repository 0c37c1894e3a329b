package tftrain.runtime;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import tftrain.BadInputException;

/**
 * The x86 CPU classes that differ in which kernels run fastest, from the oldest to the newest. TensorFlow
 * turns oneDNN on by default only from {@link #AVX512_VNNI} up, and bf16 runs natively only from
 * {@link #AVX512_BF16} up, so a user's CPU class decides both the precision and the kernel library.
 */
public enum CpuClass {
  /** No AVX2 + FMA, or a CPU tftrain could not read (not Linux). */
  BELOW_AVX2("below-avx2", "pre-AVX2"),
  /** AMD Zen 2/3, Intel client CPUs up to 11th gen. */
  AVX2("avx2", "AVX2-only"),
  /** Intel Skylake-SP: AVX-512 without VNNI. */
  AVX512("avx512", "AVX-512-no-VNNI"),
  /** Intel Cascade Lake, Ice Lake: VNNI without bf16. */
  AVX512_VNNI("avx512-vnni", "AVX-512-VNNI"),
  /** AMD Zen 4/5, Intel Cooper Lake: bf16 without AMX. */
  AVX512_BF16("avx512-bf16", "AVX-512-bf16"),
  /** Intel Sapphire Rapids and later: bf16 on matrix units. */
  AMX("amx", "AMX");

  private final String key;
  private final String label;

  CpuClass(String key, String label) {
    this.key = key;
    this.label = label;
  }

  /** The short name tests, scripts and {@code TFTRAIN_CPU} use, e.g. "avx2". */
  public String key() {
    return key;
  }

  /** The name shown to users, e.g. "AVX2-only". */
  public String label() {
    return label;
  }

  /** True where oneDNN has bf16 instructions, so bf16 runs at full speed rather than emulated. */
  public boolean hasNativeBf16() {
    return compareTo(AVX512_BF16) >= 0;
  }

  /** The lower of two classes: a CPU capped to {@code ceiling} behaves as the lower one. */
  public CpuClass atMost(CpuClass ceiling) {
    return compareTo(ceiling) <= 0 ? this : ceiling;
  }

  /** The class named {@code key} ("avx2", "avx512-bf16", …), case-insensitive. */
  public static CpuClass parse(String key) {
    String wanted = key.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    for (CpuClass cpuClass : values()) {
      if (cpuClass.key.equals(wanted)) {
        return cpuClass;
      }
    }
    throw new BadInputException("unknown CPU class '" + key + "'; use one of "
        + Arrays.stream(values()).map(CpuClass::key).collect(Collectors.joining(", ")));
  }
}
