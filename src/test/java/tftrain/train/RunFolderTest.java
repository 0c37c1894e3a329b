package tftrain.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderTest {

  @TempDir Path temp;

  private static Path runWithFiles(Path run, boolean withCheckpoint) throws IOException {
    Files.createDirectories(run.resolve(Trainer.BEST_FOLDER));
    Files.writeString(run.resolve(Trainer.METRICS_FILE), "epoch\n1\n2\n");
    if (withCheckpoint) {
      Files.createDirectories(Checkpoint.folder(run));
      Files.writeString(Checkpoint.folder(run).resolve(Checkpoint.STATE_FILE), "{}");
    }
    return run;
  }

  @Test
  void aNewRunThatFailsBeforeItsFirstCheckpointLeavesNothing() throws Exception {
    Path run = runWithFiles(temp.resolve("new"), false);
    assertThrows(IllegalStateException.class, () -> RunFolder.undoIfFailedAtStart(run, () -> {
      throw new IllegalStateException("failed in epoch 1");
    }));
    assertFalse(Files.exists(run.resolve(Trainer.BEST_FOLDER)));
    assertFalse(Files.exists(run.resolve(Trainer.METRICS_FILE)));
  }

  /** A resumed run whose checkpoint went missing in the failure (a failed commit) keeps its models and metrics. */
  @Test
  void aResumedRunKeepsItsFilesWhateverFails() throws Exception {
    Path run = runWithFiles(temp.resolve("resumed"), true);
    assertThrows(IllegalStateException.class, () -> RunFolder.undoIfFailedAtStart(run, () -> {
      Files.delete(Checkpoint.folder(run).resolve(Checkpoint.STATE_FILE));
      throw new IllegalStateException("the checkpoint commit failed");
    }));
    assertTrue(Files.isDirectory(run.resolve(Trainer.BEST_FOLDER)), "best/ of earlier epochs is kept");
    assertTrue(Files.isRegularFile(run.resolve(Trainer.METRICS_FILE)));
  }
}
