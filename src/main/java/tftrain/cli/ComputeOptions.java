package tftrain.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import tftrain.train.ComputeSettings;
import tftrain.train.Precision;

/** {@code --threads} and {@code --precision}, shared by train, predict and bench. */
final class ComputeOptions {

  /** What {@code --precision} accepts; auto picks bf16 where the CPU computes it natively. */
  enum PrecisionChoice { AUTO, FP32, BF16 }

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "TensorFlow threads (default: one per core).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(
      names = "--precision",
      paramLabel = "P",
      description = "auto, fp32 or bf16 (bf16 compute, fp32 weights; auto = bf16 on CPUs with AVX512-BF16/AMX). Default: ${DEFAULT-VALUE}.",
      defaultValue = "auto")
  PrecisionChoice precision = PrecisionChoice.AUTO;

  ComputeSettings settings() {
    return new ComputeSettings(threads, resolvedPrecision());
  }

  Precision resolvedPrecision() {
    return switch (precision) {
      case FP32 -> Precision.FP32;
      case BF16 -> Precision.BF16;
      case AUTO -> cpuHasNativeBf16() ? Precision.BF16 : Precision.FP32;
    };
  }

  /** True when /proc/cpuinfo lists AVX512-BF16 or AMX-BF16, where oneDNN runs bf16 at full speed. */
  static boolean cpuHasNativeBf16() {
    try {
      String flags = Files.readString(Path.of("/proc/cpuinfo"));
      return flags.contains(" avx512_bf16") || flags.contains(" amx_bf16");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
