package tftrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.testing.TestImages;
import tftrain.testing.TestRuns;

class BenchCommandTest {

  @Test
  void measuresAllThreeSpeedsAndWritesJson(@TempDir Path temp) throws Exception {
    Path images = TestImages.imageFolder(temp.resolve("images"), 2, 3, 70, 1);
    Path json = temp.resolve("bench.json");
    var result = Run.of("bench", "-b", "2", "--image-size", "63", "--steps", "2", "--warmup", "1",
        "--precision", "fp32", "--data", images.toString(), "--json", json.toString());
    assertEquals(0, result.exitCode(), result.err());
    assertTrue(result.out().contains("train (img/s)"), result.out());
    JsonNode measured = new ObjectMapper().readTree(json.toFile());
    for (String key : new String[] {"train_images_per_sec", "inference_images_per_sec", "pipeline_images_per_sec",
        "peak_rss_mb"}) {
      assertTrue(measured.get(key).asDouble() > 0, key + " in " + measured);
    }
    assertEquals("fp32", measured.get("precision").asText());
  }

  @Test
  void checkPrecisionChecksTheNetworkOfTheGivenSizeBatchAndClasses() {
    var result = Run.of("bench", "--check-precision", "-b", "1", "--image-size", "63", "--classes", "3",
        "--threads", "2");
    // 0 or 1 by whether this machine's bf16 kernels are right: either way every op is listed.
    assertTrue(result.exitCode() == 0 || result.exitCode() == 1, result.err());
    assertTrue(result.out().contains("AlexNet's ops for 3 classes at batch 1, 63×63"), result.out());
    assertTrue(result.out().contains("conv2 backward-filter"), result.out());
    assertTrue(result.out().contains("of 40 ops pass"), result.out());
  }

  @Test
  void missingPipelineFolderIsABadInput(@TempDir Path temp) {
    var result = Run.of("bench", "--data", temp.resolve("none").toString());
    assertEquals(2, result.exitCode());
    assertTrue(result.err().startsWith("tftrain: error: image folder for the pipeline benchmark not found"),
        result.err());
  }

  /**
   * Through the real launcher, as on an AVX2-only CPU (the seam): auto trains on oneDNN and leaves predict on
   * Eigen, and bench reports what TensorFlow really ran; a user's own switch and cap win and are reported.
   */
  @Tag("slow")
  @Test
  void reportsTheKernelLibraryAutoChoseAndTheIsaCap(@TempDir Path temp) throws Exception {
    Path images = TestImages.imageFolder(temp.resolve("images"), 2, 2, 70, 1);
    Path autoJson = temp.resolve("auto.json");
    TestRuns.Finished auto = TestRuns.run(throughTheLauncher(temp, images, autoJson), 180);
    assertEquals(0, auto.exitCode(), auto.err());
    JsonNode chosen = new ObjectMapper().readTree(autoJson.toFile());
    assertEquals("oneDNN", chosen.get("kernel_library").asText());
    assertEquals("oneDNN on (AVX2-only CPU: measured faster for training)", chosen.get("onednn_choice").asText());
    assertEquals("Eigen", chosen.get("predict_kernel_library").asText());
    assertEquals("AVX2-only", chosen.get("cpu_class").asText());
    assertEquals("none", chosen.get("onednn_max_cpu_isa").asText());
    assertTrue(auto.out().lines().anyMatch(line -> line.matches("kernel library +oneDNN")), auto.out());
    assertTrue(auto.out().contains("predict and export run oneDNN off (AVX2-only CPU: Eigen"), auto.out());

    Path userJson = temp.resolve("user.json");
    ProcessBuilder user = throughTheLauncher(temp, images, userJson);
    user.environment().put("TF_ENABLE_ONEDNN_OPTS", "0");
    user.environment().put("ONEDNN_MAX_CPU_ISA", "AVX2");
    TestRuns.Finished theirs = TestRuns.run(user, 180);
    assertEquals(0, theirs.exitCode(), theirs.err());
    JsonNode switched = new ObjectMapper().readTree(userJson.toFile());
    assertEquals("Eigen", switched.get("kernel_library").asText());
    assertEquals("oneDNN off (TF_ENABLE_ONEDNN_OPTS=0, yours)", switched.get("onednn_choice").asText());
    assertEquals("AVX2", switched.get("onednn_max_cpu_isa").asText());
    assertTrue(theirs.out().lines().anyMatch(line -> line.matches("oneDNN ISA cap +AVX2")), theirs.out());
  }

  private static ProcessBuilder throughTheLauncher(Path temp, Path images, Path json) {
    ProcessBuilder bench = TestRuns.tftrain(temp, "bench", "-b", "1", "--image-size", "63", "--steps", "1", "--warmup",
        "0", "--precision", "fp32", "--data", images.toString(), "--json", json.toString());
    bench.environment().remove("TFTRAIN_CHILD");
    bench.environment().remove("TF_ENABLE_ONEDNN_OPTS");
    bench.environment().remove("ONEDNN_MAX_CPU_ISA");
    bench.environment().put("TFTRAIN_CPU", "avx2");
    return bench;
  }
}
