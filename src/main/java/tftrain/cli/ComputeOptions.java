package tftrain.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tftrain.precision.Bf16SelfCheck;
import tftrain.precision.CpuIdentity;
import tftrain.precision.PrecisionChoice;
import tftrain.precision.PrecisionChooser;
import tftrain.precision.VerdictCache;
import tftrain.runtime.ComputeSettings;
import tftrain.runtime.OneDnnChoice;
import tftrain.runtime.OneDnnChooser;
import tftrain.runtime.Precision;
import tftrain.runtime.TensorFlowRuntime;

/** {@code --threads} and {@code --precision}, shared by train, predict and bench. */
final class ComputeOptions {

  /**
   * Makes the chooser for a thread count and a warning sink. Replaceable by tests in this package, so a
   * test can force a failing bf16 verdict on a machine where bf16 is right.
   */
  static BiFunction<Integer, Consumer<String>, PrecisionChooser> chooserFactory = ComputeOptions::machineChooser;

  @Spec(Spec.Target.MIXEE) private CommandSpec command;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "TensorFlow threads (default: one per core).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(
      names = "--precision",
      paramLabel = "P",
      description = "auto, fp32 or bf16 (bf16 compute, fp32 weights). auto = bf16 on CPUs with AVX512-BF16/AMX "
          + "once a self-check has shown bf16 right on this machine, else fp32. Default: ${DEFAULT-VALUE}.",
      defaultValue = "auto")
  PrecisionChooser.Request precision = PrecisionChooser.Request.AUTO;

  private PrecisionChoice choice;
  /** The chooser's warnings, printed when the choice is first used (see {@link #settingsHoldingWarnings}). */
  private final List<String> heldWarnings = new ArrayList<>();

  ComputeSettings settings() {
    return new ComputeSettings(threads, resolvedPrecision());
  }

  /**
   * {@link #settings()} whose warnings wait for the first {@link #precisionChoice()}: a command that may yet
   * refuse its input (train --resume with changed settings) then says only why, in one line.
   */
  ComputeSettings settingsHoldingWarnings() {
    return new ComputeSettings(threads, chosen().precision());
  }

  /** The user's thread count in a given precision. */
  ComputeSettings settingsIn(Precision chosen) {
    return new ComputeSettings(threads, chosen);
  }

  Precision resolvedPrecision() {
    return precisionChoice().precision();
  }

  /**
   * The precision this command runs in and why, its warnings printed; the bf16 self-check runs (or is read
   * from cache) once.
   */
  PrecisionChoice precisionChoice() {
    PrecisionChoice chosen = chosen();
    if (!heldWarnings.isEmpty()) {
      PrintWriter err = command.commandLine().getErr();
      heldWarnings.forEach(err::println);
      err.flush();
      heldWarnings.clear();
    }
    return chosen;
  }

  /** The kernel library this process runs with (the launcher's choice for the command, or the user's) and why. */
  OneDnnChoice oneDnnChoice() {
    return OneDnnChooser.inThisProcess();
  }

  private PrecisionChoice chosen() {
    if (choice == null) {
      choice = chooserFactory.apply(threads, heldWarnings::add).choose(precision);
    }
    return choice;
  }

  private static PrecisionChooser machineChooser(int threads, Consumer<String> warnings) {
    CpuIdentity cpu = CpuIdentity.current();
    VerdictCache cache =
        new VerdictCache(TensorFlowRuntime.userCacheFolder().resolve("precision"), cpu,
            TensorFlowRuntime.tftrainVersion(), TensorFlowRuntime.tensorFlowVersion());
    return new PrecisionChooser(cpu, new Bf16SelfCheck(threads), cache, warnings);
  }
}
