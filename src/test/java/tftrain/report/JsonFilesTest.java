package tftrain.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.BadInputException;

class JsonFilesTest {

  /** Shaped like what the trainer stores: paths, a list, numbers, a nested record. */
  record RunInfo(Path dataDir, Path outputDir, List<String> classes, int epochs, double learningRate, Size size) {}

  record Size(int width, int height) {}

  @TempDir Path dir;

  private static RunInfo sample() {
    return new RunInfo(
        Path.of("data/train"), Path.of("/tmp/run 1"), List.of("cat", "dog"), 25, 1.0E-4, new Size(227, 227));
  }

  @Test
  void roundTripsARecordWithPathsAndAList() {
    Path file = dir.resolve("out/run.json");
    JsonFiles.write(file, sample());
    assertEquals(sample(), JsonFiles.read(file, RunInfo.class));
  }

  @Test
  void writesPathsAsPlainStringsInReadableJson() throws IOException {
    Path file = dir.resolve("run.json");
    JsonFiles.write(file, sample());
    String text = Files.readString(file);
    assertTrue(text.contains("\"dataDir\": \"data/train\""), text);
    assertTrue(text.contains("\"outputDir\": \"/tmp/run 1\""), text);
    assertTrue(text.contains("\n  \"classes\": [\n    \"cat\",\n    \"dog\"\n  ],"), text);
    assertTrue(text.endsWith("}\n"), text);
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList(), "no temporary file left behind");
    }
  }

  @Test
  void roundTripsTheNumbersOfADivergedRun() {
    // A checkpoint's history holds NaN or infinite losses after a divergence; it must still load.
    EpochMetrics diverged = new EpochMetrics(4, 0.1, Double.NaN, 0.1, Double.POSITIVE_INFINITY, 0.0, 40, 25);
    Path file = dir.resolve("state.json");
    JsonFiles.write(file, List.of(diverged));
    assertArrayEquals(new EpochMetrics[] {diverged}, JsonFiles.read(file, EpochMetrics[].class));
  }

  @Test
  void missingFileIsBadInputNamingIt() {
    Path file = dir.resolve("absent.json");
    BadInputException e = assertThrows(BadInputException.class, () -> JsonFiles.read(file, RunInfo.class));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  @Test
  void malformedFileIsOneLineBadInputNamingIt() throws IOException {
    for (String content : List.of("{\"epochs\": ", "", "[1, 2]", "{\"epochs\": \"many\"}", "null")) {
      Path file = dir.resolve("run.json");
      Files.writeString(file, content);
      BadInputException e = assertThrows(BadInputException.class, () -> JsonFiles.read(file, RunInfo.class));
      assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
  }
}
