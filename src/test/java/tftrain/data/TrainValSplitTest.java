package tftrain.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.data.tools.TrainValSplitter;
import tftrain.data.tools.TransferMode;
import tftrain.testing.TestImages;

class TrainValSplitTest {

  @Test
  void keepsAtLeastOneImageOnEachSide() {
    assertEquals(3, new TrainValSplit(0.3, 0).valCount(10));
    assertEquals(1, new TrainValSplit(0.01, 0).valCount(2));
    assertEquals(1, new TrainValSplit(0.99, 0).valCount(2));
    assertEquals(2, new TrainValSplit(0.5, 0).valCount(3));
  }

  /** The file names (class/file) below {@code folder}, sorted. */
  private static List<String> names(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).map(file -> folder.relativize(file).toString()).sorted().toList();
    }
  }

  private static List<String> names(Path root, List<ImageSample> samples) {
    return samples.stream().map(sample -> root.relativize(sample.path()).toString()).sorted().toList();
  }

  @Test
  void trainValSplitAndDataSplitCarveTheSameImagesForTheSameSeedAndShare(@TempDir Path temp) throws IOException {
    Path all = TestImages.imageFolder(temp.resolve("all"), 3, 9, 10, 4);
    for (long seed : new long[] {1, 42}) {
      TrainValData carved = TrainValData.carve(all, 0.3, seed);
      Path split = temp.resolve("split-" + seed);
      new TrainValSplitter(new TrainValSplit(0.3, seed), TransferMode.COPY, false).split(all, split);
      assertEquals(names(split.resolve("val")), names(all, carved.val()), "val, seed " + seed);
      assertEquals(names(split.resolve("train")), names(all, carved.train()), "train, seed " + seed);
    }
  }
}
