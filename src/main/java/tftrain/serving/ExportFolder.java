package tftrain.serving;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import tftrain.BadInputException;

/**
 * What {@code export -o DIR} may replace: nothing in a new or empty folder; with {@code --overwrite}, an
 * earlier export (the SavedModel's own entries and nothing else). A folder that holds anything else is
 * refused even with {@code --overwrite}, since the export replaces the folder as a whole.
 */
public final class ExportFolder {

  /** The entries an export writes (TensorFlow's SavedModel files and our labels folder). */
  public static final Set<String> EXPORT_ENTRIES =
      Set.of(ModelSource.SAVED_MODEL_FILE, "variables", "assets", "fingerprint.pb", ModelMetadata.FOLDER);

  private ExportFolder() {}

  /**
   * Checks {@code target} for an export.
   *
   * @return the entries of an earlier export that will be replaced, for a notice (empty when none)
   * @throws BadInputException when the target is a file, holds other things, or holds an export and
   *     {@code overwrite} is not set
   */
  public static List<String> check(Path target, boolean overwrite) {
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new BadInputException("-o " + target + " is a file or a link, not a folder; give a new or empty folder");
    }
    List<String> entries;
    try (Stream<Path> children = Files.list(target)) {
      entries = children.map(child -> Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)
              ? child.getFileName() + "/" : child.getFileName().toString())
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (entries.isEmpty()) {
      return List.of();
    }
    List<String> foreign = entries.stream().filter(name -> !EXPORT_ENTRIES.contains(stripSlash(name))).toList();
    if (!foreign.isEmpty()) {
      throw new BadInputException("refusing to export into " + target + ": it holds "
          + String.join(", ", foreign.subList(0, Math.min(5, foreign.size())))
          + (foreign.size() > 5 ? " and " + (foreign.size() - 5) + " more" : "")
          + ", so it is not an earlier export (--overwrite replaces only that); choose a new or empty folder");
    }
    if (!overwrite) {
      throw new BadInputException(target + " holds an earlier export (" + String.join(", ", entries)
          + "); pass --overwrite to replace it, or choose another folder");
    }
    return entries;
  }

  private static String stripSlash(String name) {
    return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
  }
}
