package tftrain.io;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import tftrain.BadInputException;

/**
 * Exclusive use of a run folder by one process: a lock file naming its owner (pid, host, process start)
 * created with {@code O_CREAT|O_EXCL}, so of two processes exactly one gets it, and deleted on
 * {@link #close}. A lock left by a process that is no longer running on this host (killed with -9, a
 * crash) is taken over with a notice; a lock held by a live process, or by another host, which cannot
 * be checked from here, is refused with one line naming the holder. A lock file with no valid owner
 * (empty or garbage: its process died between creating and writing it) is taken over once it is older
 * than {@link #GRACE}; a folder in its place is refused at once, saying what to remove.
 */
public final class FolderLock implements AutoCloseable {

  public static final String FILE = ".tftrain.lock";

  /** How long a lock file without a valid owner may be one being written before it counts as abandoned. */
  public static final java.time.Duration GRACE = java.time.Duration.ofSeconds(2);

  private final Path file;
  private final String token;

  private FolderLock(Path file, String token) {
    this.file = file;
    this.token = token;
  }

  /** The owner recorded in a lock file. */
  public record Owner(long pid, String host, String startedAt, String command) {

    /** True when this is a process on this host that has ended (or whose pid now belongs to another). */
    boolean isDeadHere() {
      if (!host.equals(localHost())) {
        return false;
      }
      Optional<ProcessHandle> process = ProcessHandle.of(pid);
      if (process.isEmpty() || !process.get().isAlive()) {
        return true;
      }
      // A recycled pid: the process running now started at another time than the lock's owner.
      Optional<Instant> start = process.get().info().startInstant();
      return start.isPresent() && !startedAt.isEmpty() && !start.get().toString().equals(startedAt);
    }

    String describe() {
      return "process " + pid + " on " + host + (command.isEmpty() ? "" : " (tftrain " + command + ")");
    }
  }

  /**
   * Takes the lock of {@code folder} (created if missing) for {@code command}.
   *
   * @param notices receives a line when a stale lock is taken over
   * @throws BadInputException when another live process holds it
   */
  public static FolderLock acquire(Path folder, String command, Consumer<String> notices) throws IOException {
    Files.createDirectories(folder);
    Path file = folder.resolve(FILE);
    String token = UUID.randomUUID().toString();
    long deadline = System.nanoTime() + GRACE.toNanos() + TimeUnit.SECONDS.toNanos(1);
    while (System.nanoTime() < deadline) {
      try {
        Files.write(file, content(command, token).getBytes(StandardCharsets.UTF_8),
            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        return new FolderLock(file, token);
      } catch (FileAlreadyExistsException held) {
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
          throw new BadInputException(file + " is a folder, not a tftrain lock file; no tftrain process made it:"
              + " look inside, then remove it (rm -r) to use " + folder);
        }
        Owner owner = readOwner(file);
        if (owner == null) {
          // Released meanwhile, or being written (one synchronous write right after creation): look again.
          // Still without an owner after the grace period, nobody is writing it: its process died first.
          String abandoned = abandonedContent(file);
          if (abandoned != null) {
            takeOverAbandoned(file);
            notices.accept("notice: " + file + " held no valid owner (" + abandoned + ") for over "
                + GRACE.toSeconds() + " s; taking the lock over");
          } else {
            pause();
          }
          continue;
        }
        if (!owner.isDeadHere()) {
          throw new BadInputException(
              folder + " is in use by " + owner.describe() + " since " + owner.startedAt()
                  + "; wait for it to end, or, if it is gone, delete " + file);
        }
        takeOverDead(file);
        notices.accept("notice: " + folder + " was locked by " + owner.describe()
            + ", which is no longer running; taking the lock over");
      }
    }
    throw new BadInputException(folder + " is being locked and unlocked by other processes; try again");
  }

  /**
   * "empty" or "unreadable" for a lock file without a valid owner that was last written longer than
   * {@link #GRACE} ago, else null (gone meanwhile, or perhaps still being written).
   */
  private static String abandonedContent(Path file) {
    try {
      Instant written = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant();
      if (written.plus(GRACE).isAfter(Instant.now())) {
        return null;
      }
      return Files.size(file) == 0 ? "empty" : "unreadable";
    } catch (IOException goneOrUnreadable) {
      return null;
    }
  }

  /** The holder of {@code folder}'s lock when a live process (or another host) holds it, else empty. */
  public static Optional<Owner> liveOwner(Path folder) {
    Owner owner = readOwner(folder.resolve(FILE));
    return owner == null || owner.isDeadHere() ? Optional.empty() : Optional.of(owner);
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Removes a lock file of a process that is gone, unless what it moved turns out to be a live one. */
  static void takeOverDead(Path file) throws IOException {
    takeOver(file, aside -> {
      Owner movedOwner = readOwner(aside);
      return movedOwner != null && movedOwner.isDeadHere();
    });
  }

  /** Removes a lock file that has held no valid owner for {@link #GRACE}, unless what it moved is newer. */
  static void takeOverAbandoned(Path file) throws IOException {
    takeOver(file, aside -> readOwner(aside) == null && abandonedContent(aside) != null);
  }

  /**
   * Removes a lock file judged stale. It is renamed aside first: of two processes taking over at once, only one
   * rename succeeds. But the loser may come a moment later and rename the winner's fresh lock aside instead, so
   * what was moved is judged again ({@code stillStale}) and put back unless it is still the stale one.
   */
  private static void takeOver(Path file, Predicate<Path> stillStale) throws IOException {
    Path aside = file.resolveSibling(FILE + ".stale-" + UUID.randomUUID());
    try {
      Files.move(file, aside);
    } catch (NoSuchFileException e) {
      return; // someone else took it over first; the next attempt meets their lock
    }
    if (stillStale.test(aside)) {
      Files.deleteIfExists(aside);
      return;
    }
    try {
      Files.move(aside, file);
    } catch (FileAlreadyExistsException third) {
      // A third process locked meanwhile; the moved lock stays beside it for its owner's message to name.
    }
  }

  private static Owner readOwner(Path file) {
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      return null;
    }
    String pid = properties.getProperty("pid");
    if (pid == null) {
      return null;
    }
    try {
      return new Owner(Long.parseLong(pid.strip()), properties.getProperty("host", "?"),
          properties.getProperty("started", ""), properties.getProperty("command", ""));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String content(String command, String token) {
    ProcessHandle self = ProcessHandle.current();
    String started = self.info().startInstant().map(Instant::toString).orElse("");
    return "# tftrain run-folder lock: the process below is using this folder\n"
        + "pid=" + self.pid() + "\nhost=" + localHost() + "\nstarted=" + started + "\ncommand=" + command
        + "\ntoken=" + token + "\n";
  }

  static String localHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      String name = System.getenv("HOSTNAME");
      return name != null ? name : "localhost";
    }
  }

  /** Deletes the lock file, if it is still ours. */
  @Override
  public void close() throws IOException {
    try {
      if (Files.readString(file, StandardCharsets.UTF_8).contains("token=" + token)) {
        Files.deleteIfExists(file);
      }
    } catch (NoSuchFileException e) {
      // Already gone.
    }
  }
}
