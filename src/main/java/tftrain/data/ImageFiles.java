package tftrain.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import tftrain.BadInputException;

/** Which files count as images: the extensions every reader accepts, in any letter case, never hidden. */
public final class ImageFiles {

  public static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif");

  private ImageFiles() {}

  /** True for a visible regular file whose name ends in an image extension. */
  public static boolean isImage(Path file) {
    String name = file.getFileName().toString();
    if (name.startsWith(".") || !Files.isRegularFile(file)) {
      return false;
    }
    int dot = name.lastIndexOf('.');
    return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /** True for a name that starts with a dot (".DS_Store", ".ipynb_checkpoints"). */
  public static boolean isHidden(Path path) {
    return path.getFileName().toString().startsWith(".");
  }

  /** Every image below {@code folder}, in sorted path order, skipping hidden files and folders. */
  public static List<Path> listRecursively(Path folder) {
    return visibleFiles(folder, ImageFiles::isImage);
  }

  /** Every visible file below {@code folder} that is not an image (what a tool skips with a warning). */
  public static List<Path> listNonImages(Path folder) {
    return visibleFiles(folder, file -> Files.isRegularFile(file) && !isImage(file));
  }

  /**
   * Follows symbolic links, so a linked class folder (or a linked subfolder) counts with its images; Java's
   * walker detects a link back up the tree and raises FileSystemLoopException, reported as a loop.
   */
  private static List<Path> visibleFiles(Path folder, Predicate<Path> wanted) {
    try (Stream<Path> walk = Files.walk(folder, FileVisitOption.FOLLOW_LINKS)) {
      return walk.filter(path -> !path.equals(folder))
          .filter(path -> !hasHiddenPart(folder.relativize(path)))
          .filter(wanted)
          .sorted()
          .toList();
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof FileSystemLoopException loop) {
        throw new BadInputException(
            "symbolic links form a loop at " + loop.getFile() + " below " + folder
                + "; remove the link that points back up");
      }
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** True when any element of a relative path starts with a dot. */
  public static boolean hasHiddenPart(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}
