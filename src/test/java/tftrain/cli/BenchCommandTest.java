package tftrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.testing.TestImages;

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
    for (String key : new String[] {"train_images_per_sec", "inference_images_per_sec", "pipeline_images_per_sec", "peak_rss_mb"}) {
      assertTrue(measured.get(key).asDouble() > 0, key + " in " + measured);
    }
    assertEquals("fp32", measured.get("precision").asText());
  }

  @Test
  void checkPrecisionChecksTheNetworkOfTheGivenSizeBatchAndClasses() {
    var result = Run.of("bench", "--check-precision", "-b", "1", "--image-size", "63", "--classes", "3", "--threads", "2");
    // 0 or 1 by whether this machine's bf16 kernels are right: either way every op is listed.
    assertTrue(result.exitCode() == 0 || result.exitCode() == 1, result.err());
    assertTrue(result.out().contains("AlexNet's ops for 3 classes at batch 1, 63×63"), result.out());
    assertTrue(result.out().contains("conv2 backward-filter"), result.out());
    assertTrue(result.out().contains("of 45 ops pass"), result.out());
  }

  @Test
  void missingPipelineFolderIsABadInput(@TempDir Path temp) {
    var result = Run.of("bench", "--data", temp.resolve("none").toString());
    assertEquals(2, result.exitCode());
    assertTrue(result.err().startsWith("tftrain: error: image folder for the pipeline benchmark not found"), result.err());
  }
}
