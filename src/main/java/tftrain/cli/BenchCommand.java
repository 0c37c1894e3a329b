package tftrain.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tftrain.BadInputException;
import tftrain.bench.BenchResult;
import tftrain.bench.Benchmark;
import tftrain.bench.ComputeEfficiency;
import tftrain.bench.MachineLimit;
import tftrain.bench.OpProfile;
import tftrain.data.ImageFiles;
import tftrain.io.OutputFiles;
import tftrain.model.ModelSpec;
import tftrain.precision.CpuIdentity;
import tftrain.precision.OpError;
import tftrain.precision.OpPrecisionCheck;
import tftrain.report.JsonFiles;
import tftrain.runtime.EffectiveCpu;
import tftrain.runtime.OneDnnChoice;
import tftrain.runtime.OneDnnChooser;
import tftrain.runtime.Workload;
import tftrain.runtime.Precision;
import tftrain.train.TrainingConfig.Defaults;

/** {@code tftrain bench}: training, inference and pipeline speed on this machine. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure training, inference and image-pipeline speed on this machine.",
      "Train step and inference batch on random images (compute only), the pipeline on real JPEGs",
      "(decode, resize, crop, normalize); medians after warm-up, plus peak memory."
    })
final class BenchCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = {"-b", "--batch-size"}, paramLabel = "N", description = "Batch (default: ${DEFAULT-VALUE}).")
  int batchSize = Defaults.BATCH_SIZE;

  @Option(names = "--image-size", paramLabel = "S", description = "Input side (default: ${DEFAULT-VALUE}).")
  int imageSize = Defaults.IMAGE_SIZE;

  @Option(names = "--steps", paramLabel = "N", defaultValue = "10",
      description = "Timed repetitions (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--warmup", paramLabel = "N", defaultValue = "3",
      description = "Untimed repetitions first (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "data/train",
      description = "Images for the pipeline measurement (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
  Path json;

  @Option(names = "--overwrite", description = "Replace an existing --json FILE.")
  boolean overwrite;

  @Option(names = "--trace", description = "Also trace one training step and print where its time goes, by op type.")
  boolean trace;

  @Option(names = "--check-precision",
      description = "Instead of timing: run each op of a training step at the shapes of the run's network "
          + "(-b, --image-size, --classes) in bf16 and in fp32 on the same inputs and print the relative error "
          + "of each.")
  boolean checkPrecision;

  @Option(names = "--classes", paramLabel = "N", defaultValue = "2",
      description = "With --check-precision: the classes of the run to check (default: ${DEFAULT-VALUE}).")
  int classes;

  @Option(names = "--peak-gflops", paramLabel = "G",
      description = "The machine's arithmetic limit in the measured precision (GFLOP/s), "
          + "to print the share of it reached.")
  Double peakGflops;

  @Option(names = "--peak-json", paramLabel = "FILE",
      description = "peakflops.sh's JSON (fp32_gflops, bf16_gflops): the limit for the precision measured.")
  Path peakJson;

  @Mixin ComputeOptions compute;

  @Mixin VerboseOption verbose;

  @Override
  public Integer call() {
    if (checkPrecision) {
      return printPrecisionCheck(spec.commandLine().getOut());
    }
    if (!Files.isDirectory(data)) {
      throw new BadInputException("image folder for the pipeline benchmark not found: " + data);
    }
    if (json != null) {
      OutputFiles.checkWritable(json, "--json", overwrite, List.of(data));
    }
    MachineLimit limit = machineLimit();
    List<Path> files = ImageFiles.listRecursively(data);
    Benchmark benchmark = new Benchmark(batchSize, imageSize, warmup, steps, compute.settings());
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "Benchmarking batch %d at %d×%d, %s, %d threads, %d warm-up + %d timed repetitions…%n",
        batchSize, imageSize, imageSize, compute.precisionChoice().describe(),
        compute.settings().threads(), warmup, steps);
    out.flush();
    BenchResult result = benchmark.run(files);
    out.printf(Locale.ROOT, "%-32s %12s%n", "measure", "value");
    out.printf(Locale.ROOT, "%-32s %12.1f%n", "train (img/s)", result.trainImagesPerSec());
    out.printf(Locale.ROOT, "%-32s %12.1f%n", "inference (img/s)", result.inferenceImagesPerSec());
    out.printf(Locale.ROOT, "%-32s %12.1f%n", "pipeline, " + files.size() + " real files (img/s)",
        result.pipelineImagesPerSec());
    out.printf(Locale.ROOT, "%-32s %12.1f%n", "train step, median (ms)", result.trainStepMedianMs());
    out.printf(Locale.ROOT, "%-32s %12.1f%n", "inference batch, median (ms)", result.inferenceBatchMedianMs());
    out.printf(Locale.ROOT, "%-32s %12.0f%n", "peak RSS (MB)", result.peakRssMb());
    ComputeEfficiency efficiency = ComputeEfficiency.of(result, limit, compute.resolvedPrecision());
    out.printf(Locale.ROOT, "%-32s %12.1f%n", "train (GFLOP/s)", efficiency.trainGflops());
    out.printf(Locale.ROOT, "%-32s %12.1f%n", "inference (GFLOP/s)", efficiency.inferenceGflops());
    if (limit != null) {
      out.printf(Locale.ROOT, "%-32s %11.0f%%%n", "train, share of limit", 100 * efficiency.trainShareOfLimit());
      out.printf(Locale.ROOT, "%-32s %11.0f%%%n", "inference, share of limit",
          100 * efficiency.inferenceShareOfLimit());
      out.printf(Locale.ROOT, "limit %.0f GFLOP/s (%s, %s)%n", efficiency.limitGflops(),
          compute.resolvedPrecision().name().toLowerCase(Locale.ROOT), limit.source());
    }
    out.printf(Locale.ROOT, "%-32s %12s%n", "kernel library", result.kernelLibrary());
    out.printf(Locale.ROOT, "%-32s %12s%n", "oneDNN ISA cap", result.isaCap());
    out.printf(Locale.ROOT, "device %s, TensorFlow %s%n", result.device(), result.tensorflowVersion());
    OneDnnChoice forPredict = predictOneDnnChoice();
    if (!forPredict.library().equals(result.kernelLibrary())) {
      out.printf(Locale.ROOT, "note: inference here ran on %s, as training does; predict and export run %s%n",
          result.kernelLibrary(), forPredict.describe());
    }
    if (trace) {
      printProfile(out, benchmark.profileTrainStep());
    }
    if (json != null) {
      JsonFiles.write(json, new BenchJson(result, compute.precisionChoice().reason(), efficiency,
          EffectiveCpu.current().description(), compute.oneDnnChoice().describe(), predictOneDnnChoice()));
      out.println("JSON written to " + json);
    }
    return 0;
  }

  private MachineLimit machineLimit() {
    if (peakGflops != null && peakJson != null) {
      throw new BadInputException("give either --peak-gflops or --peak-json, not both");
    }
    return peakGflops != null ? MachineLimit.given(peakGflops)
        : peakJson != null ? MachineLimit.fromPeakflopsJson(peakJson) : null;
  }

  /** The kernel library predict and export get on this CPU, in this environment (bench runs training's). */
  private static OneDnnChoice predictOneDnnChoice() {
    return OneDnnChooser.forWorkload(System.getenv(), EffectiveCpu.current(), Workload.INFERENCE);
  }

  /** Exit code 0 when every op passes, 1 when any bf16 kernel is wrong on this machine. */
  private int printPrecisionCheck(PrintWriter out) {
    ModelSpec network = new ModelSpec(classes, imageSize, 0);
    out.printf(Locale.ROOT, "Checking bf16 against fp32, AlexNet's ops for %d classes at batch %d, %d×%d, on %s…%n",
        classes, batchSize, imageSize, imageSize, CpuIdentity.current().description());
    out.flush();
    List<OpError> errors =
        new OpPrecisionCheck(network, batchSize, compute.settingsIn(Precision.FP32).sessionConfig()).run(2);
    out.printf(Locale.ROOT, "%-28s %14s  %s%n", "op", "relative error", "verdict");
    for (OpError error : errors) {
      out.printf(Locale.ROOT, "%-28s %14.2e  %s%n", error.op(), error.relativeError(),
          error.passes() ? "pass" : error.finite() ? "FAIL" : "FAIL (non-finite)");
    }
    long failed = errors.stream().filter(error -> !error.passes()).count();
    out.printf(Locale.ROOT, "%d of %d ops pass (tolerance %.0e relative L2 error)%n",
        errors.size() - failed, errors.size(), OpError.TOLERANCE);
    return failed == 0 ? 0 : 1;
  }

  private static void printProfile(PrintWriter out, OpProfile profile) {
    out.printf(Locale.ROOT, "%nOne traced training step, op time by type (summed over threads, %.0f ms busy):%n",
        profile.totalMicros() / 1000.0);
    out.printf(Locale.ROOT, "%-44s %6s %10s %7s%n", "op type", "nodes", "ms", "share");
    profile.entries().stream().limit(15).forEach(entry ->
        out.printf(Locale.ROOT, "%-44s %6d %10.1f %6.1f%%%n", entry.opType(), entry.nodes(), entry.micros() / 1000.0,
            100.0 * entry.micros() / profile.totalMicros()));
  }

  /**
   * The JSON layout: snake_case keys that scripts compare across runs and tools. {@code kernel_library} is what
   * TensorFlow ran (read from a traced convolution, see KernelLibraryProbe); {@code onednn_choice} who chose it
   * and why; {@code predict_kernel_library} what predict and export get here ({@code auto}'s inference choice
   * or the user's switch), for scripts that time inference as predict runs it.
   */
  record BenchJson(
      int batch_size, int image_size, String precision, String precision_reason, int threads, int steps,
      double train_images_per_sec, double inference_images_per_sec, double pipeline_images_per_sec,
      double train_step_median_ms, double inference_batch_median_ms, double peak_rss_mb,
      String device, String tensorflow_version,
      double train_gflop_per_image, double inference_gflop_per_image, double train_gflops, double inference_gflops,
      Double limit_gflops, Double train_share_of_limit, Double inference_share_of_limit,
      String cpu_class, String kernel_library, String onednn_max_cpu_isa, String onednn_choice,
      String predict_kernel_library, String predict_onednn_choice) {
    BenchJson(BenchResult r, String precisionReason, ComputeEfficiency e, String cpuClass, String oneDnnChoice,
        OneDnnChoice forPredict) {
      this(r.batchSize(), r.imageSize(), r.precision(), precisionReason, r.threads(), r.steps(), r.trainImagesPerSec(),
          r.inferenceImagesPerSec(), r.pipelineImagesPerSec(), r.trainStepMedianMs(), r.inferenceBatchMedianMs(),
          r.peakRssMb(), r.device(), r.tensorflowVersion(), e.trainGflopPerImage(), e.inferenceGflopPerImage(),
          e.trainGflops(), e.inferenceGflops(), e.hasLimit() ? e.limitGflops() : null,
          e.hasLimit() ? e.trainShareOfLimit() : null, e.hasLimit() ? e.inferenceShareOfLimit() : null,
          cpuClass, r.kernelLibrary(), r.isaCap(), oneDnnChoice, forPredict.library(), forPredict.describe());
    }
  }
}
