package tftrain.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collection;
import tftrain.BadInputException;

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
    if (Files.isDirectory(target)) {
      throw new BadInputException(option + " " + target + " is a folder; give a file name");
    }
    for (Path input : inputs) {
      if (isSameFile(target, input)) {
        throw new BadInputException(
            "refusing to write " + option + " " + target + ": it is one of the inputs; choose another file");
      }
    }
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !overwrite) {
      throw new BadInputException(
          option + " " + target + " already exists; choose another file, or pass --overwrite to replace it");
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
