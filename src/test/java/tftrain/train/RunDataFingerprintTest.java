package tftrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.BadInputException;
import tftrain.data.TrainValData;
import tftrain.testing.TestConfigs;
import tftrain.testing.TestImages;

class RunDataFingerprintTest {

  @TempDir Path temp;

  @Test
  void theSameImagesMatchAndAddedOrRemovedOnesAreCountedInOneLine() throws Exception {
    Path data = TestImages.trainValFolders(temp.resolve("data"), 2, 4, 2, 20, 1);
    TrainingConfig config = TestConfigs.small(data, 1, 1);
    Path run = Files.createDirectories(temp.resolve("run"));
    RunDataFingerprint.write(run, config, TrainValData.fromDataDir(data));
    assertNull(RunDataFingerprint.changes(run, config, TrainValData.fromDataDir(data)));

    Files.copy(data.resolve("train/blue/blue.0.jpg"), data.resolve("train/blue/new.jpg"));
    Files.delete(data.resolve("val/red/red.0.jpg"));
    String changes = RunDataFingerprint.changes(run, config, TrainValData.fromDataDir(data));
    assertTrue(changes.startsWith("the data in " + data.resolve("train") + " and " + data.resolve("val")
        + " is not the run's: 1 image(s) added (train/blue/new.jpg), 1 removed (val/red/red.0.jpg) (of 12"), changes);

    String refused = assertThrows(BadInputException.class, () -> RunDataFingerprint.checkOnResume(run, config,
        TrainValData.fromDataDir(data), false, notice -> {})).getMessage();
    assertTrue(refused.startsWith("cannot resume: the data in") && refused.contains("--data"), refused);
    List<String> notices = new ArrayList<>();
    RunDataFingerprint.checkOnResume(run, config, TrainValData.fromDataDir(data), true, notices::add);
    assertEquals(1, notices.size());
    assertNull(RunDataFingerprint.changes(run, config, TrainValData.fromDataDir(data)), "renewed for the next resume");
  }

  @Test
  void anotherDataFolderWithTheSameClassesIsNotTheRunsData() throws Exception {
    Path data = TestImages.trainValFolders(temp.resolve("data"), 2, 4, 2, 20, 1);
    Path other = TestImages.trainValFolders(temp.resolve("other"), 2, 3, 2, 20, 2);
    Path run = Files.createDirectories(temp.resolve("run"));
    RunDataFingerprint.write(run, TestConfigs.small(data, 1, 1), TrainValData.fromDataDir(data));
    String changes = RunDataFingerprint.changes(run, TestConfigs.small(other, 1, 1), TrainValData.fromDataDir(other));
    assertTrue(changes.contains("0 image(s) added, 2 removed"), changes);
  }
}
