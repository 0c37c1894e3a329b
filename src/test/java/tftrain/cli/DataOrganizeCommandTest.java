package tftrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.data.tools.TinyImages;

class DataOrganizeCommandTest {

  @TempDir Path temp;

  private Path flatFolder(String... names) throws IOException {
    Path source = Files.createDirectories(temp.resolve("flat"));
    for (int index = 0; index < names.length; index++) {
      TinyImages.write(source.resolve(names[index]), index);
    }
    return source;
  }

  @Test
  void printsTheClassCounts() throws IOException {
    Path source = flatFolder("cat.0.jpg", "cat.1.jpg", "cat.2.jpg", "dog.0.jpg", "dog.1.jpg", "7.jpg");
    Files.writeString(source.resolve("sampleSubmission.csv"), "id,label");
    Path output = temp.resolve("all");

    Run run = Run.of("data", "organize", source.toString(), "-o", output.toString());

    assertEquals(0, run.exitCode(), run.err());
    assertEquals(
        String.join(
            System.lineSeparator(),
            "Copied 5 images from " + source + " into 2 classes in " + output + ":",
            "  cat    3",
            "  dog    2",
            "Left 1 image in " + source + " (e.g. 7.jpg); their names have no class prefix, use --pattern REGEX to"
                + " name their class.",
            "Ignored 1 file that is not an image.",
            ""),
        run.out());
    assertTrue(Files.exists(source.resolve("cat.0.jpg")));
  }

  @Test
  void movesWithAPattern() throws IOException {
    Path source = flatFolder("IMG_cat_1.jpg", "IMG_dog_2.jpg");
    Path output = temp.resolve("all");

    Run run =
        Run.of(
            "data", "organize", source.toString(), "-o", output.toString(), "--move", "--pattern", "^IMG_([a-z]+)_");

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().startsWith("Moved 2 images"), run.out());
    assertTrue(Files.exists(output.resolve("dog/IMG_dog_2.jpg")));
    assertFalse(Files.exists(source.resolve("IMG_dog_2.jpg")));
  }

  @Test
  void badInputIsOneLineAndExitCode2() throws IOException {
    Path source = flatFolder("cat.0.jpg");
    String output = temp.resolve("all").toString();

    Run badPattern = Run.of("data", "organize", source.toString(), "-o", output, "--pattern", "IMG");
    assertEquals(2, badPattern.exitCode());
    assertTrue(badPattern.err().startsWith("tftrain: error: --pattern 'IMG' must have exactly one group"));
    assertEquals(1, badPattern.err().strip().lines().count(), badPattern.err());

    Path empty = Files.createDirectories(temp.resolve("empty"));
    Run noImages = Run.of("data", "organize", empty.toString(), "-o", output);
    assertEquals(2, noImages.exitCode());
    assertTrue(noImages.err().startsWith("tftrain: error: no images found in " + empty), noImages.err());

    Run missing = Run.of("data", "organize", temp.resolve("nope").toString(), "-o", output);
    assertEquals(2, missing.exitCode());
    assertEquals("tftrain: error: source folder not found: " + temp.resolve("nope"), missing.err().strip());
  }
}
