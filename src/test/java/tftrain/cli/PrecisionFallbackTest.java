package tftrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.precision.CpuIdentity;
import tftrain.precision.PrecisionChooser;
import tftrain.precision.PrecisionVerdict;
import tftrain.precision.VerdictCache;
import tftrain.runtime.CpuClass;
import tftrain.testing.TestImages;

/**
 * {@code --precision auto} on a machine whose bf16 is wrong, forced: this test may well run on a CPU whose
 * bf16 is right, so the CPU and the self-check's verdict are injected.
 */
class PrecisionFallbackTest {

  private static final String FAILURE = "conv2/kernel gradient at step 2 off by 870.0 % (limit 75 %)";

  @TempDir Path temp;
  private BiFunction<Integer, Consumer<String>, PrecisionChooser> machineFactory;

  @BeforeEach
  void forceAFailingVerdict() {
    machineFactory = ComputeOptions.chooserFactory;
    CpuIdentity bf16Cpu = new CpuIdentity("Test EPYC", 26, CpuClass.AVX512_BF16);
    ComputeOptions.chooserFactory = (threads, warnings) -> new PrecisionChooser(bf16Cpu,
        () -> PrecisionVerdict.fail(FAILURE), new VerdictCache(temp.resolve("cache"), bf16Cpu, "t", "t"), warnings);
  }

  @AfterEach
  void restoreTheMachinesChooser() {
    ComputeOptions.chooserFactory = machineFactory;
  }

  @Test
  @Tag("slow")
  void autoTrainsInFp32AndSaysWhyOnTheDeviceLineAndInTheSummary() throws Exception {
    Path data = TestImages.trainValFolders(temp.resolve("data"), 2, 8, 2, 70, 5);
    Path run = temp.resolve("run");
    var result = Run.of("train", "--data", data.toString(), "-o", run.toString(), "--epochs", "1",
        "--image-size", "63", "-b", "4", "--max-batches", "1", "--no-progress", "--seed", "1");
    assertEquals(0, result.exitCode(), result.err());
    assertTrue(result.out().contains("threads, fp32 (bf16 self-check failed: " + FAILURE + ")"), result.out());
    JsonNode summary = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
    assertEquals("fp32 (bf16 self-check failed: " + FAILURE + ")", summary.get("precision").asText());
    assertEquals("FP32", summary.get("arguments").get("precision").asText());
  }

  @Test
  @Tag("slow")
  void explicitBf16WarnsOnceAndBenchRecordsTheReason() throws Exception {
    Path images = TestImages.imageFolder(temp.resolve("images"), 2, 2, 70, 1);
    Path json = temp.resolve("bench.json");
    var result = Run.of("bench", "-b", "2", "--image-size", "63", "--steps", "1", "--warmup", "0",
        "--precision", "bf16", "--data", images.toString(), "--json", json.toString());
    assertEquals(0, result.exitCode(), result.err());
    assertEquals(1, result.err().lines().filter(line -> line.startsWith("warning: bf16 computes wrongly")).count(),
        result.err());
    JsonNode measured = new ObjectMapper().readTree(json.toFile());
    assertEquals("bf16", measured.get("precision").asText());
    assertEquals("as requested, self-check failed: " + FAILURE, measured.get("precision_reason").asText());
  }
}
