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
      assertTrue(notices.get(0).contains("locked by process " + gone.pid())
          && notices.get(0).contains("no longer running"),
          notices.get(0));
    }
  }

  @Test
  void aLockFromAnotherHostIsNeverTakenOver() throws Exception {
    Path run = Files.createDirectories(temp.resolve("run"));
    Files.writeString(run.resolve(FolderLock.FILE),
        "pid=1\nhost=elsewhere.example\nstarted=2026-01-01T00:00:00Z\ncommand=train\n");
    BadInputException busy = assertThrows(BadInputException.class, () -> FolderLock.acquire(run, "train", n -> {}));
    assertTrue(busy.getMessage().contains("in use by process 1 on elsewhere.example")
        && busy.getMessage().contains("delete " + run.resolve(FolderLock.FILE)), busy.getMessage());
  }

  @Test
  void anEmptyOrGarbageLockFileIsTakenOverAfterAGracePeriodNamingWhatItHeld() throws Exception {
    Path run = Files.createDirectories(temp.resolve("run"));
    Path file = run.resolve(FolderLock.FILE);
    for (String content : new String[] {"", "\u0000\u0000garbage\n"}) {
      Files.writeString(file, content);
      Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(60)));
      List<String> notices = new ArrayList<>();
      try (FolderLock lock = FolderLock.acquire(run, "train", notices::add)) {
        assertEquals(1, notices.size());
        assertTrue(notices.get(0).contains(file + " held no valid owner ("
            + (content.isEmpty() ? "empty" : "unreadable")
            + ")") && notices.get(0).contains("taking the lock over"), notices.get(0));
      }
    }
    // Just written: it might be a lock half-way through its write, so it is taken over only after the grace.
    Files.writeString(file, "");
    long started = System.nanoTime();
    FolderLock.acquire(run, "train", notice -> {}).close();
    assertTrue(System.nanoTime() - started >= FolderLock.GRACE.toNanos() / 2, "waited for the writer");
  }

  @Test
  void aFolderWhereTheLockFileGoesIsNamedWithHowToRemoveIt() throws Exception {
    Path run = Files.createDirectories(temp.resolve("run"));
    Files.createDirectories(run.resolve(FolderLock.FILE));
    long started = System.nanoTime();
    BadInputException refused = assertThrows(BadInputException.class, () -> FolderLock.acquire(run, "train", n -> {}));
    assertTrue(refused.getMessage().equals(run.resolve(FolderLock.FILE) + " is a folder, not a tftrain lock file;"
        + " no tftrain process made it: look inside, then remove it (rm -r) to use " + run), refused.getMessage());
    assertTrue(System.nanoTime() - started < 1_000_000_000L, "at once");
  }

  /**
   * Two processes judged one dead lock stale; the first took it over and holds a fresh lock when the second's
   * rename comes: the second must put the live lock back, not delete it (two trainers on one run folder).
   */
  @Test
  void aTakeOverThatMovesALiveLockPutsItBack() throws Exception {
    Path run = temp.resolve("run");
    try (FolderLock winner = FolderLock.acquire(run, "train", notice -> {})) {
      Path file = run.resolve(FolderLock.FILE);
      String live = Files.readString(file);
      FolderLock.takeOverDead(file);
      FolderLock.takeOverAbandoned(file);
      assertEquals(live, Files.readString(file), "the winner's lock is in place");
      assertThrows(BadInputException.class, () -> FolderLock.acquire(run, "train", notice -> {}));
      try (var leftovers = Files.list(run)) {
        assertEquals(List.of(FolderLock.FILE), leftovers.map(p -> p.getFileName().toString()).toList());
      }
    }
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Path dead = Files.writeString(Files.createDirectories(temp.resolve("dead")).resolve(FolderLock.FILE),
        "pid=" + gone.pid() + "\nhost=" + FolderLock.localHost() + "\nstarted=\ncommand=train\n");
    FolderLock.takeOverDead(dead);
    assertFalse(Files.exists(dead), "a dead process's lock is removed");
  }
}
