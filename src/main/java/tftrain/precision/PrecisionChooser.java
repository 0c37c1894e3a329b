package tftrain.precision;

import java.util.function.Consumer;
import tftrain.runtime.Precision;

/**
 * Turns {@code --precision auto|fp32|bf16} into the precision a command runs in. {@code auto} picks bf16
 * only on a CPU with native bf16 (AVX512-BF16 or AMX) and only after the self-check has shown bf16 right
 * on this machine; a failed check falls back to fp32 and says why. An explicit bf16 on a machine that
 * fails the check proceeds with a one-line warning: the user asked for it.
 */
public final class PrecisionChooser {

  /** What the user asked for. */
  public enum Request { AUTO, FP32, BF16 }

  private final CpuIdentity cpu;
  private final Bf16Check check;
  private final VerdictCache cache;
  private final Consumer<String> warnings;

  public PrecisionChooser(CpuIdentity cpu, Bf16Check check, VerdictCache cache, Consumer<String> warnings) {
    this.cpu = cpu;
    this.check = check;
    this.cache = cache;
    this.warnings = warnings;
  }

  public PrecisionChoice choose(Request request) {
    return switch (request) {
      case FP32 -> new PrecisionChoice(Precision.FP32, "as requested");
      case BF16 -> chooseExplicitBf16();
      case AUTO -> chooseAutomatically();
    };
  }

  private PrecisionChoice chooseAutomatically() {
    if (!cpu.hasNativeBf16()) {
      return new PrecisionChoice(Precision.FP32, "no native bf16 on this CPU");
    }
    PrecisionVerdict verdict = verdict();
    return verdict.passed()
        ? new PrecisionChoice(Precision.BF16, "self-check passed")
        : new PrecisionChoice(Precision.FP32, "bf16 self-check failed: " + verdict.detail());
  }

  private PrecisionChoice chooseExplicitBf16() {
    if (!cpu.hasNativeBf16()) {
      warnings.accept("warning: this CPU has no native bf16; bf16 will be emulated and slow");
      return new PrecisionChoice(Precision.BF16, "as requested, emulated");
    }
    PrecisionVerdict verdict = verdict();
    if (verdict.passed()) {
      return new PrecisionChoice(Precision.BF16, "as requested, self-check passed");
    }
    warnings.accept("warning: bf16 computes wrongly on this CPU (" + verdict.detail()
        + "); training may diverge or learn nothing. Use --precision auto or fp32.");
    return new PrecisionChoice(Precision.BF16, "as requested, self-check failed: " + verdict.detail());
  }

  private PrecisionVerdict verdict() {
    return cache.load().orElseGet(() -> {
      PrecisionVerdict measured = check.run();
      cache.store(measured);
      return measured;
    });
  }
}
