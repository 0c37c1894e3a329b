package tftrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

  @Test
  void theFoldersAStartMadeGoAgainWhileEmptyAndNothingThatWasThereBefore() throws Exception {
    Path existing = Files.createDirectories(temp.resolve("kept"));
    Path run = existing.resolve("a").resolve("run");
    List<Path> created = RunFolder.missingFolders(run);
    assertEquals(List.of(run.toAbsolutePath(), run.getParent().toAbsolutePath()), created);
    assertEquals(List.of(), RunFolder.missingFolders(existing));

    Files.createDirectories(run);
    RunFolder.removeIfEmpty(created);
    assertFalse(Files.exists(existing.resolve("a")));
    assertTrue(Files.isDirectory(existing), "a folder that was there stays");

    Files.createDirectories(run);
    Files.writeString(existing.resolve("a").resolve("notes.txt"), "someone's file");
    RunFolder.removeIfEmpty(created);
    assertFalse(Files.exists(run));
    assertTrue(Files.isRegularFile(existing.resolve("a").resolve("notes.txt")), "a folder holding anything stays");
  }
}
