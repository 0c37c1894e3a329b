package tftrain;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * File-system failures that are the user's to fix (a permission, a read-only disk, a file where a folder
 * should be, a file name the locale cannot spell) in words, with the path: the CLI reports them as bad
 * input (exit 2) instead of a Java exception name.
 */
public final class FileErrors {

  private static final int FILE_TYPE_MASK = 0170000;

  private FileErrors() {}

  /** The message for the first such failure in the cause chain, or null when there is none. */
  public static String describe(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      String message = describeOne(cause);
      if (message != null) {
        return message;
      }
    }
    return null;
  }

  private static String describeOne(Throwable cause) {
    if (cause instanceof AccessDeniedException denied) {
      return "permission denied: " + denied.getFile() + "; check its permissions or choose another path";
    }
    if (cause instanceof NotDirectoryException notDirectory) {
      return notDirectory.getFile() + " is a file, not a folder; give a folder";
    }
    if (cause instanceof FileSystemLoopException loop) {
      return "symbolic links form a loop at " + loop.getFile() + "; remove the link that points back up";
    }
    if (cause instanceof NoSuchFileException missing) {
      return "not found: " + missing.getFile() + " (it disappeared while tftrain was using it?)";
    }
    if (cause instanceof FileSystemException system && system.getReason() != null
        && system.getReason().contains("Read-only file system")) {
      return "cannot write " + system.getFile() + ": the file system is read-only; choose another path";
    }
    if (cause instanceof InvalidPathException invalid && !isUtf8Locale()) {
      return "a file name cannot be spelled in this locale's " + fileNameCharset() + " encoding ("
          + invalid.getInput() + "); run with a UTF-8 locale, e.g. LC_ALL=C.UTF-8";
    }
    if (TensorFlowErrors.isTensorFlowError(cause) && cause.getClass().getSimpleName().contains("PermissionDenied")) {
      return "permission denied: " + TensorFlowErrors.essence(cause) + "; choose a path you can write to";
    }
    return null;
  }

  /**
   * The message for a {@code what} (e.g. "image folder") that is not there as such: what it is instead (a
   * FIFO, a file), or, for a name Java received with bytes that are not UTF-8 (shown as U+FFFD), that the
   * name is the problem rather than the file.
   */
  public static String notFound(String what, Path path, String wanted) {
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(path)) {
      return path + " is " + kindOf(path) + ", not " + wanted;
    }
    if (path.toString().indexOf('\uFFFD') >= 0) {
      return what + " not found: " + path + " (its name has bytes that are not " + fileNameCharset()
          + ", which Java cannot pass on; rename it, e.g. convmv -f latin1 -t utf8 --notest, or run with a locale of"
          + " its encoding)";
    }
    return what + " not found: " + path;
  }

  /** What kind of thing {@code path} is, for a message: "a symbolic link", "a FIFO (named pipe)", "a folder" … */
  public static String kindOf(Path path) {
    if (Files.isSymbolicLink(path)) {
      return "a symbolic link";
    }
    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      return "a folder";
    }
    if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
      return "a regular file";
    }
    try {
      int type = ((Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & FILE_TYPE_MASK;
      return switch (type) {
        case 0010000 -> "a FIFO (named pipe)";
        case 0020000 -> "a character device";
        case 0060000 -> "a block device";
        case 0140000 -> "a socket";
        default -> "a special file";
      };
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "a special file";
    }
  }

  /** The charset Java uses for file names, from the locale at start-up. */
  public static String fileNameCharset() {
    return System.getProperty("sun.jnu.encoding", Charset.defaultCharset().name());
  }

  /** True when file names and console text are UTF-8, so any class name survives. */
  public static boolean isUtf8Locale() {
    String name = fileNameCharset();
    return name.equalsIgnoreCase("UTF-8") || name.equalsIgnoreCase("UTF8");
  }
}
