package tftrain.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.BadInputException;
import tftrain.testing.TestImages;

class TrainValDataTest {

  @Test
  void aClassMissingOnOneSideIsNamed(@TempDir Path temp) {
    TestImages.imageFolder(temp.resolve("train"), 3, 2, 10, 1);
    TestImages.imageFolder(temp.resolve("val"), 2, 2, 10, 2);
    BadInputException error = assertThrows(BadInputException.class, () -> TrainValData.fromDataDir(temp));
    assertTrue(error.getMessage().contains("missing in " + temp.resolve("val") + ": green"), error.getMessage());
  }

  @Test
  void dataDirWithoutTrainAndValSaysWhatToDo(@TempDir Path temp) {
    TestImages.imageFolder(temp, 2, 2, 10, 1);
    BadInputException error = assertThrows(BadInputException.class, () -> TrainValData.fromDataDir(temp));
    assertTrue(error.getMessage().contains("--val-split"), error.getMessage());
  }

  @Test
  void carvedValidationIsSeededDisjointAndPerClass(@TempDir Path temp) {
    TestImages.imageFolder(temp, 2, 10, 10, 1);
    TrainValData first = TrainValData.carve(temp, 0.3, 5);
    TrainValData again = TrainValData.carve(temp, 0.3, 5);
    assertEquals(first, again);
    assertEquals(14, first.train().size());
    assertEquals(6, first.val().size());
    assertEquals(3, first.val().stream().filter(sample -> sample.label() == 0).count());
    Set<ImageSample> overlap = new HashSet<>(first.train());
    overlap.retainAll(first.val());
    assertTrue(overlap.isEmpty());
    assertThrows(BadInputException.class, () -> TrainValData.carve(temp, 1.5, 5));
  }

  @Test
  void validationOnTheTrainingFolderOrInsideItIsRefused(@TempDir Path temp) throws Exception {
    TestImages.imageFolder(temp.resolve("train"), 2, 2, 10, 1);
    String same = assertThrows(BadInputException.class,
        () -> TrainValData.fromFolders(temp.resolve("train"), temp.resolve("./train"))).getMessage();
    assertTrue(same.contains("is the same folder as --train-dir"), same);
    String inside = assertThrows(BadInputException.class,
        () -> TrainValData.fromFolders(temp.resolve("train"), temp.resolve("train/blue"))).getMessage();
    assertTrue(inside.contains("inside"), inside);
  }
}
