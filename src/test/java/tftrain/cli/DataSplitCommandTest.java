package tftrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.data.tools.TinyImages;

class DataSplitCommandTest {

  @TempDir Path temp;

  private Path classTree(int perClass) throws IOException {
    Path root = temp.resolve("all");
    for (String className : new String[] {"cat", "dog"}) {
      for (int index = 0; index < perClass; index++) {
        TinyImages.write(root.resolve(className).resolve(className + "." + index + ".jpg"), index);
      }
    }
    return root;
  }

  @Test
  void printsATablePerClassAndTheTrainCommand() throws IOException {
    Path source = classTree(10);
    Path output = temp.resolve("split");

    Run run =
        Run.of(
            "data", "split", source.toString(), "-o", output.toString(), "--val-ratio", "0.3", "--seed", "42");

    assertEquals(0, run.exitCode(), run.err());
    assertEquals(
        String.join(
            System.lineSeparator(),
            "Split 20 images of 2 classes from " + source + " into " + output + " (val ratio 0.3, seed 42, copied):",
            "  class  train    val",
            "  cat        7      3",
            "  dog        7      3",
            "  total     14      6",
            "Train with: " + LaunchCommand.current() + " train --data " + output,
            ""),
        run.out());
  }

  @Test
  void refusesANonEmptyOutputUnlessOverwrite() throws IOException {
    Path source = classTree(4);
    Path output = temp.resolve("split");
    assertEquals(0, Run.of("data", "split", source.toString(), "-o", output.toString()).exitCode());

    Run again = Run.of("data", "split", source.toString(), "-o", output.toString());
    assertEquals(2, again.exitCode());
    assertEquals(
        "tftrain: error: output folder " + output + " is not empty; choose a new folder, or use --overwrite to"
            + " replace the split in it",
        again.err().strip());

    Run overwrite =
        Run.of("data", "split", source.toString(), "-o", output.toString(), "--overwrite", "--link");
    assertEquals(0, overwrite.exitCode(), overwrite.err());
    assertTrue(overwrite.out().contains("linked, replacing the earlier split"), overwrite.out());
  }

  @Test
  void badOptionsAreUsageErrors() throws IOException {
    Path source = classTree(2);
    String output = temp.resolve("split").toString();

    Run both = Run.of("data", "split", source.toString(), "-o", output, "--move", "--link");
    assertEquals(2, both.exitCode());
    assertTrue(both.err().contains("mutually exclusive"), both.err());

    Run ratio = Run.of("data", "split", source.toString(), "-o", output, "--val-ratio", "30");
    assertEquals(2, ratio.exitCode());
    assertEquals("tftrain: error: --val-ratio must be between 0 and 1 (exclusive), got 30.0", ratio.err().strip());
    assertTrue(Files.notExists(temp.resolve("split")));
  }
}
