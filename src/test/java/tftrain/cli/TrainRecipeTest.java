package tftrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.testing.TestImages;

/** {@code --recipe} sets init, warm-up, flips and clipping together; a flag of its own wins. */
class TrainRecipeTest {

  private static JsonNode argumentsOf(Path data, Path run, String... extra) throws Exception {
    String[] head = {"train", "--data", data.toString(), "-o", run.toString(), "--epochs", "1", "--image-size", "63",
        "-b", "4", "--max-batches", "1", "--no-progress", "--seed", "1", "--precision", "fp32"};
    String[] args = new String[head.length + extra.length];
    System.arraycopy(head, 0, args, 0, head.length);
    System.arraycopy(extra, 0, args, head.length, extra.length);
    var result = Run.of(args);
    assertEquals(0, result.exitCode(), result.err());
    return new ObjectMapper().readTree(run.resolve("summary.json").toFile()).get("arguments");
  }

  @Test
  void theDefaultRecipeAndTheSeedsAndAFlagOverridingOne(@TempDir Path temp) throws Exception {
    Path data = TestImages.trainValFolders(temp.resolve("data"), 2, 4, 2, 70, 5);

    JsonNode defaults = argumentsOf(data, temp.resolve("default"));
    assertEquals("HE", defaults.get("init").asText());
    assertEquals(20, defaults.get("warmupSteps").asInt());
    assertEquals("HORIZONTAL_FLIP", defaults.get("augmentation").asText());
    assertEquals(5.0, defaults.get("clipNorm").asDouble());

    JsonNode seed = argumentsOf(data, temp.resolve("seed"), "--recipe", "seed");
    assertEquals("PYTORCH", seed.get("init").asText());
    assertEquals(0, seed.get("warmupSteps").asInt());
    assertEquals("VERTICAL_FLIP", seed.get("augmentation").asText());
    assertEquals(0.0, seed.get("clipNorm").asDouble());

    JsonNode mixed = argumentsOf(data, temp.resolve("mixed"), "--recipe", "seed", "--init", "xavier", "--clip-norm", "2");
    assertEquals("XAVIER", mixed.get("init").asText());
    assertEquals(2.0, mixed.get("clipNorm").asDouble());
    assertEquals("VERTICAL_FLIP", mixed.get("augmentation").asText());
  }

  @Test
  void badRecipeValuesAreOneLineErrors(@TempDir Path temp) {
    var unknown = Run.of("train", "--recipe", "fancy", "-o", temp.resolve("r").toString());
    assertEquals(2, unknown.exitCode());
    assertEquals(1, unknown.err().lines().count(), unknown.err());
    var negative = Run.of("train", "--warmup-steps", "-3", "-o", temp.resolve("r2").toString());
    assertEquals(2, negative.exitCode());
    assertEquals("tftrain: error: --warmup-steps must be 0 (none) or positive, got -3", negative.err().strip());
  }
}
