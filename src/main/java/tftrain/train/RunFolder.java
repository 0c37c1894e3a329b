package tftrain.train;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import tftrain.BadInputException;
import tftrain.io.AtomicFiles;
import tftrain.io.FolderLock;
import tftrain.io.OutputFiles;
import tftrain.report.TrainingCharts;

/**
 * What may happen to the folder a new run is told to write ({@code train -o DIR}): a new or empty folder
 * is used; a folder holding a tftrain run is refused with a pointer to {@code --resume} or
 * {@code --overwrite}; any other non-empty folder is refused unless {@code --overwrite}, which replaces
 * only the entries a run writes and says which.
 */
public final class RunFolder {

  /** Everything a run writes at the top of its folder; nothing else there is ever touched. */
  public static final List<String> RUN_ENTRIES =
      List.of(Checkpoint.FOLDER, Trainer.BEST_FOLDER, Trainer.LAST_FOLDER, Trainer.METRICS_FILE,
          Trainer.SUMMARY_FILE, TrainingCharts.LOSS_FILE, TrainingCharts.ACCURACY_FILE, Trainer.EVENTS_FOLDER,
          MistakesSheet.FILE, RunDataFingerprint.FILE);

  private RunFolder() {}

  /** True when {@code folder} holds a tftrain run's checkpoint, so it can be resumed. */
  public static boolean holdsRun(Path folder) {
    return Files.isRegularFile(Checkpoint.folder(folder).resolve(Checkpoint.STATE_FILE));
  }

  /**
   * Checks {@code folder} for a new run and, with {@code overwrite} and {@code apply}, removes the entries
   * the run will write. Call once without {@code apply} before any work, and again with it once the
   * folder's lock is held, so nobody else is writing it meanwhile.
   *
   * @return what is (or was) replaced, for a notice (empty when nothing is)
   */
  public static List<String> prepareForNewRun(Path folder, boolean overwrite, boolean apply) throws IOException {
    OutputFiles.requireNonEmpty(folder, "-o");
    if (Files.exists(folder) && !Files.isDirectory(folder)) {
      throw new BadInputException("-o " + folder + " is a file, not a folder; give a folder for the run");
    }
    List<String> visible = visibleEntries(folder);
    if (visible.isEmpty()) {
      return List.of();
    }
    List<String> collisions = new ArrayList<>();
    for (String name : RUN_ENTRIES) {
      if (Files.exists(folder.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
        collisions.add(Files.isDirectory(folder.resolve(name), LinkOption.NOFOLLOW_LINKS) ? name + "/" : name);
      }
    }
    if (!overwrite) {
      if (holdsRun(folder)) {
        throw new BadInputException(
            folder + " already holds a tftrain run; continue it with --resume " + folder
                + ", or pass --overwrite to start over (replaces " + String.join(", ", collisions) + ")");
      }
      throw new BadInputException(
          folder + " is not empty and is not a tftrain run (" + describe(visible) + "); choose a new or empty folder"
              + (collisions.isEmpty()
                  ? ", or pass --overwrite to write the run into it (nothing there would be replaced)"
                  : ", or pass --overwrite to replace " + String.join(", ", collisions) + " there"));
    }
    if (apply) {
      for (String name : RUN_ENTRIES) {
        AtomicFiles.deleteRecursively(folder.resolve(name));
      }
    }
    return collisions;
  }

  /**
   * Runs a new run's {@code training} in {@code runDir} (prepared by {@link #prepareForNewRun}, so every run
   * entry there is this run's own); when it fails before its first checkpoint, removes what it wrote
   * (events/, metrics.csv, …), so that the same command works again once the cause is fixed, without
   * {@code --overwrite}.
   */
  public static <T> T undoIfFailedAtStart(Path runDir, Callable<T> training) throws Exception {
    // A resumed run held a checkpoint before this process started: whatever fails now, its files are kept.
    boolean heldRunBefore = holdsRun(runDir);
    try {
      return training.call();
    } catch (Exception | Error failure) {
      undoStart(runDir, heldRunBefore);
      throw failure;
    }
  }

  /**
   * Removes what a start that ended before its first checkpoint (failed, or stopped) wrote in {@code runDir},
   * prepared by {@link #prepareForNewRun}: the run entries and temporary leftovers. Nothing when the folder
   * held a run before ({@code heldRunBefore}: a resume keeps its files whatever happens) or holds one now.
   * The lock is the caller's to release.
   */
  public static void undoStart(Path runDir, boolean heldRunBefore) throws IOException {
    if (!heldRunBefore && !holdsRun(runDir)) {
      for (String name : RUN_ENTRIES) {
        AtomicFiles.deleteRecursively(runDir.resolve(name));
      }
      AtomicFiles.cleanLeftovers(runDir);
    }
  }

  /**
   * The folders a run in {@code folder} will create: {@code folder} and each missing parent, deepest first;
   * empty when {@code folder} exists. Taken before the run starts, so that a start undone can remove them
   * ({@link #removeIfEmpty}) and leave nothing that was not there.
   */
  public static List<Path> missingFolders(Path folder) {
    List<Path> missing = new ArrayList<>();
    for (Path path = folder.toAbsolutePath().normalize();
        path != null && !Files.exists(path, LinkOption.NOFOLLOW_LINKS);
        path = path.getParent()) {
      missing.add(path);
    }
    return missing;
  }

  /**
   * Removes the folders of {@code created} (deepest first, as {@link #missingFolders} lists them) while they
   * are empty: one that holds anything, and every folder above it, stays.
   */
  public static void removeIfEmpty(List<Path> created) throws IOException {
    for (Path folder : created) {
      if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
        continue; // never made (the start ended before), or not a folder: not ours to remove
      }
      try {
        Files.delete(folder);
      } catch (DirectoryNotEmptyException holdsSomething) {
        return;
      }
    }
  }

  /**
   * Removes the hidden temporary folders a killed run left in the run that {@code modelPath} is, or is a
   * model of ({@code RUN/best}, {@code RUN/checkpoint}), unless a live process holds that run: its
   * temporaries are in use.
   */
  public static void cleanLeftoversNear(Path modelPath) throws IOException {
    Path absolute = modelPath.toAbsolutePath().normalize();
    for (Path candidate : new Path[] {absolute, absolute.getParent()}) {
      if (candidate != null && holdsRun(candidate)) {
        try (FolderLock lock = FolderLock.acquire(candidate, "clean-up", notice -> {})) {
          AtomicFiles.cleanLeftovers(candidate);
        } catch (BadInputException | IOException inUseOrReadOnly) {
          // A live run holds it (its temporaries are its own), or the folder is not ours to change: the
          // command only reads the model, so it goes on.
        }
        return;
      }
    }
  }

  /** The names in {@code folder} apart from our lock and the hidden leftovers of a killed run. */
  private static List<String> visibleEntries(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> children = Files.list(folder)) {
      return children.map(child -> child.getFileName().toString())
          .filter(name -> !name.equals(FolderLock.FILE) && !AtomicFiles.isLeftoverName(name))
          .sorted()
          .toList();
    }
  }

  private static String describe(List<String> names) {
    return names.size() <= 3
        ? "holds " + String.join(", ", names)
        : "holds " + String.join(", ", names.subList(0, 3)) + " and " + (names.size() - 3) + " more";
  }
}
