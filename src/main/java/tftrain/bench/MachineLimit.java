package tftrain.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import tftrain.BadInputException;
import tftrain.runtime.Precision;

/**
 * The machine's arithmetic limit in GFLOP/s, as measured by {@code shared/tools/peakflops/peakflops.sh}
 * (fp32 FMA and bf16 dot products on all cores), so bench can say what share of it AlexNet reaches.
 *
 * @param source where the figure came from, for the record
 */
public record MachineLimit(double fp32Gflops, double bf16Gflops, String source) {

  /** The limit of the precision the network computes in. */
  public double gflopsFor(Precision precision) {
    return precision == Precision.BF16 ? bf16Gflops : fp32Gflops;
  }

  /** One figure given on the command line, taken as the limit of whatever precision is measured. */
  public static MachineLimit given(double gflops) {
    if (!(gflops > 0) || Double.isInfinite(gflops)) {
      throw new BadInputException("--peak-gflops must be a positive number, got " + gflops);
    }
    return new MachineLimit(gflops, gflops, "--peak-gflops");
  }

  /** peakflops.sh's JSON: {@code fp32_gflops}, {@code bf16_gflops}, {@code cpu}, {@code cpu_family}. */
  public static MachineLimit fromPeakflopsJson(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new BadInputException(
          "cannot read --peak-json " + file + ": " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (root == null || !root.path("fp32_gflops").isNumber() || !root.path("bf16_gflops").isNumber()) {
      throw new BadInputException(
          "--peak-json " + file + " is not peakflops.sh output (needs fp32_gflops and bf16_gflops)");
    }
    String cpu = root.path("cpu").asText("unknown CPU") + ", family " + root.path("cpu_family").asText("?");
    return new MachineLimit(root.get("fp32_gflops").asDouble(), root.get("bf16_gflops").asDouble(),
        "peakflops on " + cpu);
  }
}
