package tftrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tftrain.data.tools.TestZips;
import tftrain.data.tools.TinyImages;

class DataUnzipCommandTest {

  @TempDir Path temp;

  private Path kaggleStyleZip() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("train/", null);
    entries.put("train/cat.0.jpg", TinyImages.bytes("jpg", 0));
    entries.put("train/dog.0.jpg", TinyImages.bytes("jpg", 1));
    return TestZips.write(temp.resolve("train.zip"), entries);
  }

  private static void assertOneLineError(Run run, String expectedStart) {
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().startsWith(expectedStart), run.err());
    assertEquals(1, run.err().strip().lines().count(), run.err());
  }

  @Test
  void extractsAndPrintsASummary() throws IOException {
    Path archive = kaggleStyleZip();
    Path output = temp.resolve("raw");

    Run run = Run.of("data", "unzip", archive.toString(), "-o", output.toString());

    assertEquals(0, run.exitCode(), run.err());
    assertEquals("", run.err());
    assertTrue(run.out().startsWith("Extracting 2 files ("), run.out());
    assertTrue(run.out().contains("Extracted 2 files ("), run.out());
    assertTrue(run.out().contains(") from " + archive + " into " + output + " in "), run.out());
    assertTrue(Files.isRegularFile(output.resolve("train/cat.0.jpg")));
  }

  @Test
  void aMaliciousArchiveIsOneLineAndExitCode2() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("../evil.txt", "x".getBytes(StandardCharsets.UTF_8));
    entries.put("link", "/etc".getBytes(StandardCharsets.UTF_8));
    Path archive = TestZips.write(temp.resolve("evil.zip"), entries);
    TestZips.markSymbolicLink(archive, "link");

    Run run = Run.of("data", "unzip", archive.toString(), "-o", temp.resolve("a/out").toString());

    assertOneLineError(run, "tftrain: error: refusing to extract " + archive + ": 2 entries would land outside");
    assertTrue(run.err().contains("'link' (symbolic link to /etc)"), run.err());
    assertFalse(Files.exists(temp.resolve("a")));
  }

  @Test
  void aZipBombStopsUnlessTheLimitsAreRaised() throws IOException {
    Path archive = TestZips.write(temp.resolve("bomb.zip"), Map.of("zeros.bin", new byte[3 << 20]));
    Path output = temp.resolve("out");

    assertOneLineError(Run.of("data", "unzip", archive.toString(), "-o", output.toString()),
        "tftrain: error: stopping:");
    assertOneLineError(
        Run.of("data", "unzip", archive.toString(), "-o", output.toString(), "--max-ratio", "1e6", "--max-size", "1M"),
        "tftrain: error: stopping: " + archive + " would expand to 3.0 MiB, over the limit of 1.0 MiB");

    Run allowed = Run.of("data", "unzip", archive.toString(), "-o", output.toString(), "--max-ratio", "1e6");
    assertEquals(0, allowed.exitCode(), allowed.err());
  }

  @Test
  void keepsExistingFilesUnlessOverwrite() throws IOException {
    Path archive = kaggleStyleZip();
    Path output = temp.resolve("raw");
    assertEquals(0, Run.of("data", "unzip", archive.toString(), "-o", output.toString()).exitCode());

    assertOneLineError(
        Run.of("data", "unzip", archive.toString(), "-o", output.toString()),
        "tftrain: error: " + output + " already has 2 of the archive's files");

    Run overwrite = Run.of("data", "unzip", archive.toString(), "-o", output.toString(), "--overwrite");
    assertEquals(0, overwrite.exitCode(), overwrite.err());
    assertTrue(overwrite.out().contains(", replacing 2"), overwrite.out());
  }

  @Test
  void explainsMissingAndDamagedArchives() throws IOException {
    Path missing = temp.resolve("missing.zip");
    assertOneLineError(
        Run.of("data", "unzip", missing.toString(), "-o", temp.resolve("o").toString()),
        "tftrain: error: archive not found: " + missing);

    Path html = Files.writeString(temp.resolve("train.zip"), "<html>login required</html>");
    assertOneLineError(
        Run.of("data", "unzip", html.toString(), "-o", temp.resolve("o").toString()),
        "tftrain: error: " + html + " is not a zip archive or is damaged");
  }

  @Test
  void badOptionsAreUsageErrors() throws IOException {
    Path archive = kaggleStyleZip();

    Run noOutput = Run.of("data", "unzip", archive.toString());
    assertEquals(2, noOutput.exitCode());
    assertTrue(noOutput.err().contains("Missing required option: '--output=DIR'"), noOutput.err());

    String output = temp.resolve("x").toString();
    Run badSize = Run.of("data", "unzip", archive.toString(), "-o", output, "--max-size", "lots");
    assertEquals(2, badSize.exitCode());
    assertTrue(badSize.err().contains("'lots' is not a size; write it like 500M, 16G or 1.5T"), badSize.err());

    Run badRatio = Run.of("data", "unzip", archive.toString(), "-o", output, "--max-ratio", "0.5");
    assertEquals(2, badRatio.exitCode());
    assertTrue(badRatio.err().contains("--max-ratio must be at least 1, got 0.5"), badRatio.err());
    assertFalse(Files.exists(temp.resolve("x")));
  }

  @Test
  void helpDescribesTheSafetyChecks() {
    Run help = Run.of("data", "unzip", "--help");

    assertEquals(0, help.exitCode());
    assertTrue(help.out().contains("--max-size=SIZE"), help.out());
    assertTrue(help.out().contains("--no-progress"), help.out());
    assertTrue(help.out().contains("(default: 16G)"), help.out());
  }
}
