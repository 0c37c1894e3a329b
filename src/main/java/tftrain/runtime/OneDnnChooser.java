package tftrain.runtime;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code auto}'s kernel library: oneDNN on or off per CPU class and workload, by measurement where there is
 * one. TensorFlow reads {@value #SWITCH_VARIABLE} from the environment before a JVM could change it, so the
 * quiet launcher sets it for its child ({@link #childEnvironment}); the child then tells what it runs with
 * ({@link #inThisProcess}). A user's own {@value #SWITCH_VARIABLE} always wins.
 *
 * <p>Threads are not part of the choice: intra-op = cores and inter-op = 1 measured fastest with either
 * library (TFJAVA-NOTES, README's Performance section), so {@link ComputeSettings} keeps them.
 */
public final class OneDnnChooser {

  /** TensorFlow's switch: 1 oneDNN, 0 Eigen, unset TensorFlow's per-CPU default. */
  public static final String SWITCH_VARIABLE = "TF_ENABLE_ONEDNN_OPTS";
  /** Set by the launcher beside the switch it chose: the workload it chose for ("training", "inference"). */
  public static final String CHOSEN_FOR_VARIABLE = "TFTRAIN_ONEDNN_CHOSEN_FOR";

  private OneDnnChooser() {}

  /** {@code auto}'s choice for a CPU class and a workload. A pure table; the reasons name the evidence. */
  public static OneDnnChoice choose(CpuClass cpuClass, Workload workload) {
    boolean training = workload == Workload.TRAINING;
    return switch (cpuClass) {
      // TensorFlow's default there, unmeasured: oneDNN's gains come with its AVX2 kernels.
      case BELOW_AVX2 -> auto(false, cpuClass, "TensorFlow's default, not measured");
      // Training, one sitting each, oneDNN vs Eigen img/s: real Zen 3 18.3 vs 14.8; Zen 4 capped to AVX2 26.6 vs
      // 19.6 (backward-input 93 % vs 47 % of the limit). Inference: 62.0 vs 62.5, 58.8 vs 67.2; capped 82.7 vs 84.9.
      case AVX2 -> training
          ? auto(true, cpuClass, "measured faster for training")
          : auto(false, cpuClass, "Eigen measured as fast or faster for inference");
      // Zen 4 capped to AVX512_CORE (oneDNN vs Eigen img/s, one sitting): train 31.3 vs 18.9, inference 102.1 vs
      // 79.6. TensorFlow leaves oneDNN off on this class (Skylake-SP).
      case AVX512 -> auto(true, cpuClass, "measured faster for " + workload.key() + ", by emulation");
      case AVX512_VNNI -> auto(true, cpuClass, "TensorFlow's default for this class");
      // Zen 4/5 (TFJAVA-NOTES): oneDNN off was slower for training and inference; TensorFlow's default too.
      case AVX512_BF16 -> auto(true, cpuClass, "measured faster for " + workload.key());
      case AMX -> auto(true, cpuClass, "bf16 on AMX needs oneDNN; TensorFlow's default");
    };
  }

  /** {@link #choose} for this process's CPU, saying when the class is emulated by a cap. */
  public static OneDnnChoice choose(EffectiveCpu cpu, Workload workload) {
    OneDnnChoice choice = choose(cpu.cpuClass(), workload);
    if (!cpu.isEmulated()) {
      return choice;
    }
    String emulated = choice.reason().replaceFirst(" CPU: ",
        " CPU, emulated by " + EffectiveCpu.ISA_CAP_VARIABLE + "=" + cpu.isaCap() + ": ");
    return new OneDnnChoice(choice.on(), choice.source(), emulated);
  }

  /**
   * What the launcher adds to its child's environment for {@code workload}: the switch and the marker, or
   * nothing when the user set the switch. Always explicit, also where it equals TensorFlow's default: the
   * default follows the real CPU, while {@code auto} follows the class a cap emulates.
   */
  public static Map<String, String> childEnvironment(Map<String, String> env, EffectiveCpu cpu, Workload workload) {
    if (env.get(SWITCH_VARIABLE) != null && env.get(CHOSEN_FOR_VARIABLE) == null) {
      return Map.of();
    }
    return Map.of(SWITCH_VARIABLE, choose(cpu, workload).on() ? "1" : "0", CHOSEN_FOR_VARIABLE, workload.key());
  }

  /**
   * The library a command of {@code workload} gets in the environment {@code env} (the launcher's choice,
   * or the user's switch): what {@code predict} would run with, asked from within {@code bench}.
   */
  public static OneDnnChoice forWorkload(Map<String, String> env, EffectiveCpu cpu, Workload workload) {
    Map<String, String> child = new HashMap<>(env);
    child.putAll(childEnvironment(env, cpu, workload));
    return inThisProcess(child, cpu);
  }

  /** The library this process runs with and why, from its environment (see {@link #childEnvironment}). */
  public static OneDnnChoice inThisProcess() {
    return inThisProcess(System.getenv(), EffectiveCpu.current());
  }

  static OneDnnChoice inThisProcess(Map<String, String> env, EffectiveCpu cpu) {
    String value = env.get(SWITCH_VARIABLE);
    Boolean on = value == null ? null : parseSwitch(value);
    if (on == null) {
      String why = value == null ? "TensorFlow's default on this CPU"
          : SWITCH_VARIABLE + "=" + value + " is not 0 or 1; TensorFlow's default on this CPU";
      return new OneDnnChoice(cpu.hardware().tensorFlowTurnsOneDnnOn(), OneDnnChoice.Source.TENSORFLOW_DEFAULT, why);
    }
    String chosenFor = env.get(CHOSEN_FOR_VARIABLE);
    for (Workload workload : Workload.values()) {
      if (workload.key().equals(chosenFor)) {
        OneDnnChoice auto = choose(cpu, workload);
        if (auto.on() == on) {
          return auto;
        }
      }
    }
    return new OneDnnChoice(on, OneDnnChoice.Source.USER, SWITCH_VARIABLE + "=" + value + ", yours");
  }

  /** TensorFlow's reading of the switch (ReadBoolFromEnvVar): 0/1/true/false, else null (ignored). */
  private static Boolean parseSwitch(String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "1", "true" -> Boolean.TRUE;
      case "0", "false" -> Boolean.FALSE;
      default -> null;
    };
  }

  private static OneDnnChoice auto(boolean on, CpuClass cpuClass, String why) {
    return new OneDnnChoice(on, OneDnnChoice.Source.AUTO, cpuClass.label() + " CPU: " + why);
  }
}
