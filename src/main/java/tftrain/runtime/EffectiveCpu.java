package tftrain.runtime;

import java.util.Locale;
import java.util.Map;

/**
 * The CPU as this process's kernels see it: the hardware's features (see {@link CpuFeatures#hardware()})
 * under the cap that {@value #ISA_CAP_VARIABLE} puts on oneDNN. A cap like {@code AVX2} makes oneDNN
 * generate only AVX2 kernels, and TensorFlow's own Eigen kernels are the same compiled code on every x86
 * CPU, so a capped CPU behaves as one of the lower class: that is how one machine emulates the others.
 *
 * @param hardware the features of the CPU (or of the class the test seam names)
 * @param isaCap the value of {@value #ISA_CAP_VARIABLE}, or null when unset
 */
public record EffectiveCpu(CpuFeatures hardware, String isaCap) {

  public static final String ISA_CAP_VARIABLE = "ONEDNN_MAX_CPU_ISA";

  /** This process's CPU and cap. */
  public static EffectiveCpu current() {
    return of(System.getProperty(CpuFeatures.OVERRIDE_PROPERTY), System.getenv());
  }

  /** The CPU that the override property and the environment {@code env} describe. */
  public static EffectiveCpu of(String overrideProperty, Map<String, String> env) {
    String cap = env.get(ISA_CAP_VARIABLE);
    String isaCap = cap == null || cap.isBlank() ? null : cap.strip();
    return new EffectiveCpu(CpuFeatures.hardware(overrideProperty, env), isaCap);
  }

  /** The class the kernels run as: the hardware's, lowered to the cap's. */
  public CpuClass cpuClass() {
    return hardware.cpuClass().atMost(capCeiling(isaCap));
  }

  /** True when the cap lowers the class: this machine stands in for a CPU of {@link #cpuClass()}. */
  public boolean isEmulated() {
    return cpuClass() != hardware.cpuClass();
  }

  /** "ONEDNN_MAX_CPU_ISA=AVX2" or "none", for bench's table and JSON. */
  public String isaCapDescription() {
    return isaCap == null ? "none" : isaCap;
  }

  /** "AVX2-only", or "AVX2-only (emulated: ONEDNN_MAX_CPU_ISA=AVX2 on an AVX-512-bf16 CPU)". */
  public String description() {
    return isEmulated()
        ? cpuClass().label() + " (emulated: " + ISA_CAP_VARIABLE + "=" + isaCap + " on an "
            + hardware.cpuClass().label() + " CPU)"
        : cpuClass().label();
  }

  /**
   * The highest class a oneDNN ISA name lets kernels use (oneDNN's {@code dnnl_cpu_isa_t} names). An unknown
   * name caps nothing: oneDNN ignores it too.
   */
  static CpuClass capCeiling(String isaCap) {
    if (isaCap == null) {
      return CpuClass.AMX;
    }
    return switch (isaCap.toUpperCase(Locale.ROOT)) {
      case "SSE41", "AVX" -> CpuClass.BELOW_AVX2;
      case "AVX2", "AVX2_VNNI", "AVX2_VNNI_2" -> CpuClass.AVX2;
      case "AVX512_CORE" -> CpuClass.AVX512;
      case "AVX512_CORE_VNNI" -> CpuClass.AVX512_VNNI;
      case "AVX512_CORE_BF16", "AVX512_CORE_FP16", "AVX10_1_512" -> CpuClass.AVX512_BF16;
      default -> CpuClass.AMX;
    };
  }
}
