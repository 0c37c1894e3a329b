package tftrain.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.BadInputException;

class FolderLockTest {

  @TempDir Path temp;

  @Test
  void aSecondHolderIsRefusedWithTheOwnersPidAndHostUntilRelease() throws Exception {
    Path run = temp.resolve("run");
    try (FolderLock first = FolderLock.acquire(run, "train", notice -> {})) {
      assertTrue(Files.readString(run.resolve(FolderLock.FILE)).contains("pid=" + ProcessHandle.current().pid()));
      BadInputException busy =
          assertThrows(BadInputException.class, () -> FolderLock.acquire(run, "train --resume", notice -> {}));
      assertTrue(busy.getMessage().startsWith(run + " is in use by process " + ProcessHandle.current().pid()
          + " on " + FolderLock.localHost() + " (tftrain train)"), busy.getMessage());
    }
    assertFalse(Files.exists(run.resolve(FolderLock.FILE)), "released on close");
    FolderLock.acquire(run, "train", notice -> {}).close();
  }

  @Test
  void aStaleLockOfADeadProcessIsTakenOverWithANotice() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Path run = Files.createDirectories(temp.resolve("run"));
    Files.writeString(run.resolve(FolderLock.FILE),
        "pid=" + gone.pid() + "\nhost=" + FolderLock.localHost() + "\nstarted=\ncommand=train\n");
    List<String> notices = new ArrayList<>();
    try (FolderLock lock = FolderLock.acquire(run, "train", notices::add)) {
      assertEquals(1, notices.size());
      assertTrue(notices.get(0).contains("locked by process " + gone.pid()) && notices.get(0).contains("no longer running"),
          notices.get(0));
    }
  }

  @Test
  void aLockFromAnotherHostIsNeverTakenOver() throws Exception {
    Path run = Files.createDirectories(temp.resolve("run"));
    Files.writeString(run.resolve(FolderLock.FILE), "pid=1\nhost=elsewhere.example\nstarted=2026-01-01T00:00:00Z\ncommand=train\n");
    BadInputException busy = assertThrows(BadInputException.class, () -> FolderLock.acquire(run, "train", n -> {}));
    assertTrue(busy.getMessage().contains("in use by process 1 on elsewhere.example")
        && busy.getMessage().contains("delete " + run.resolve(FolderLock.FILE)), busy.getMessage());
  }
}
