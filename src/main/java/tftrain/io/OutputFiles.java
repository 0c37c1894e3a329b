package tftrain.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collection;
import tftrain.BadInputException;
import tftrain.FileErrors;

/**
 * The one rule for every file a command writes (a report, a JSON, a GraphDef): an existing file is
 * replaced only with {@code --overwrite}, an input of the same command is never replaced, and an empty
 * path (an unset shell variable) is an error rather than the working directory.
 */
public final class OutputFiles {

  private OutputFiles() {}

  /**
   * Checks that {@code target} may be written by a command that reads {@code inputs}; call before any work
   * so nothing is lost to a late refusal.
   *
   * @param option the option that named the file, for the message ("-o", "--json")
   * @param inputs files and folders the command reads; a target equal to one of them, or inside one of
   *     the folders and already there, is refused even with {@code overwrite}
   */
  public static void checkWritable(Path target, String option, boolean overwrite, Collection<Path> inputs) {
    requireNonEmpty(target, option);
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new BadInputException(option + " " + target + " is a folder; give a file name");
    }
    for (Path input : inputs) {
      refuseOnOrInside(target, option, input);
    }
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      requireRegularFile(target, option);
      if (!overwrite) {
        throw new BadInputException(
            option + " " + target + " already exists; choose another file, or pass --overwrite to replace it");
      }
    }
    Path parent = target.toAbsolutePath().getParent();
    for (Path ancestor = parent; ancestor != null; ancestor = ancestor.getParent()) {
      if (Files.exists(ancestor)) {
        if (!Files.isDirectory(ancestor)) {
          throw new BadInputException(
              "cannot write " + option + " " + target + ": " + ancestor + " is a file, not a folder");
        }
        if (!Files.isWritable(ancestor)) {
          throw new BadInputException(
              "cannot write " + option + " " + target + ": permission denied in " + ancestor
                  + "; choose a folder you can write to");
        }
        break;
      }
    }
  }

  /**
   * Refuses an output that is {@code input} or lies inside it (compared by real paths, so a link or
   * {@code ..} does not hide it): writing there would replace an input, or add a file or class folder to it.
   */
  public static void refuseOnOrInside(Path target, String option, Path input) {
    if (isSameFile(target, input)) {
      throw new BadInputException(
          "refusing to write " + option + " " + target + ": it is one of the inputs; choose another file");
    }
    Path realTarget = RealPaths.ofPossiblyMissing(target);
    Path realInput = RealPaths.ofPossiblyMissing(input);
    if (realTarget.startsWith(realInput)) {
      throw new BadInputException("refusing to write " + option + " " + target + ": it is inside the input " + input
          + "; choose a place outside the inputs");
    }
  }

  /**
   * Refuses to replace anything but a regular file: renaming over a device, a FIFO or a link would put a
   * file where the user had something else ({@code -o /dev/full} as root).
   */
  public static void requireRegularFile(Path target, String option) {
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new BadInputException((option.isEmpty() ? "" : option + " ") + target + " is " + FileErrors.kindOf(target)
          + ", not a regular file; only a regular file is ever replaced: choose another file name");
    }
  }

  /** Refuses an empty path, which Java would resolve to the working directory. */
  public static Path requireNonEmpty(Path path, String option) {
    if (path != null && path.toString().isBlank()) {
      throw new BadInputException(option + " is empty (an unset shell variable?); give a path");
    }
    return path;
  }

  /** True when both name the same existing file, or the same path once made absolute. */
  public static boolean isSameFile(Path a, Path b) {
    try {
      if (Files.exists(a) && Files.exists(b)) {
        return Files.isSameFile(a, b);
      }
    } catch (IOException e) {
      // Unreadable: fall back to comparing the names.
    }
    return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
  }
}
