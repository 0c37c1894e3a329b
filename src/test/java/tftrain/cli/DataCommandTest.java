package tftrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.data.ImageFolder;
import tftrain.data.tools.TestZips;
import tftrain.data.tools.TinyImages;

/** The README walkthrough, end to end: Kaggle's train.zip to a folder that {@code train --data} reads. */
class DataCommandTest {

  @TempDir Path temp;

  @Test
  void theReadmeWalkthroughTakesAKaggleZipToTrainAndValFolders() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("train/", null);
    for (int index = 0; index < 10; index++) {
      entries.put("train/cat." + index + ".jpg", TinyImages.bytes("jpg", index));
      entries.put("train/dog." + index + ".jpg", TinyImages.bytes("jpg", 100 + index));
    }
    Path archive = TestZips.write(temp.resolve("train.zip"), entries);
    Path raw = temp.resolve("raw");
    Path all = temp.resolve("data/all");
    Path split = temp.resolve("data/catsdogs");

    assertEquals(0, Run.of("data", "unzip", archive.toString(), "-o", raw.toString()).exitCode());
    assertEquals(
        0,
        Run.of("data", "organize", raw.resolve("train").toString(), "-o", all.toString(), "--move")
            .exitCode());
    Run splitRun =
        Run.of(
            "data", "split", all.toString(), "-o", split.toString(), "--val-ratio", "0.3", "--seed", "42");
    assertEquals(0, splitRun.exitCode(), splitRun.err());

    ImageFolder train = ImageFolder.scan(split.resolve("train"));
    ImageFolder val = ImageFolder.scan(split.resolve("val"));
    assertEquals(List.of("cat", "dog"), train.classes());
    assertEquals(List.of("cat", "dog"), val.classes());
    assertEquals(14, train.samples().size());
    assertEquals(6, val.samples().size());
  }

  @Test
  void withoutASubcommandItNamesThem() {
    Run bare = Run.of("data");

    assertEquals(2, bare.exitCode());
    assertTrue(bare.err().contains("a data command is required (unzip, organize, split, check)"), bare.err());
  }
}
