package tftrain.data.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import tftrain.BadInputException;
import tftrain.data.ImageFiles;
import tftrain.data.ImageFolder;
import tftrain.data.ImageSample;
import tftrain.data.TrainValSplit;
import tftrain.io.AtomicFiles;
import tftrain.io.RealPaths;

/**
 * Splits a class-folder tree into {@code DIR/train/<class>} and {@code DIR/val/<class>}, the layout
 * {@code tftrain train --data DIR} reads.
 *
 * <p>Which image goes where is {@link TrainValSplit}'s rule, the one {@code train --val-split} uses too, so
 * both give the same split for the same seed and share. Subfolders below a class folder are kept.
 *
 * <p>Copies and hard links are built in a hidden sibling folder and swapped in only when complete, so
 * {@code DIR} is at every moment either the old content or the whole new split. Moves go straight to their
 * place instead: building in a temporary folder would put the only copy of each image into a folder that a
 * failed run deletes. Each single move is a rename, so every image stays whole in one of the two trees.
 */
public final class TrainValSplitter {

  /** The training side's folder name, as {@code tftrain train --data} expects it. */
  public static final String TRAIN = "train";
  /** The validation side's folder name, as {@code tftrain train --data} expects it. */
  public static final String VAL = "val";

  /** A hidden file in the output naming the source folder of the split. */
  static final String MARKER = ".tftrain-split-source";

  private final TrainValSplit split;
  private final TransferMode mode;
  private final boolean overwrite;

  private record Assignment(Path source, Path relativeTarget) {}

  /**
   * @param split the share of each class that goes to val and the seed of the shuffles
   * @param mode copy, move or hard-link
   * @param overwrite whether a non-empty output folder holding an earlier split may be replaced; for copies and
   *     links the old split is deleted once the new one is complete, for moves it is deleted first
   */
  public TrainValSplitter(TrainValSplit split, TransferMode mode, boolean overwrite) {
    this.split = split;
    this.mode = mode;
    this.overwrite = overwrite;
  }

  /**
   * Splits {@code source} into {@code outputDir/train} and {@code outputDir/val}.
   *
   * @throws BadInputException when the source is not a class-folder tree, a class has fewer than 2 images,
   *     the two folders overlap, or the output folder is not empty (without {@code overwrite}, or when it holds
   *     more than an earlier split); nothing is written in those cases
   */
  public SplitResult split(Path source, Path outputDir) throws IOException {
    if (!Files.isDirectory(source)) {
      throw new BadInputException(
          Files.exists(source) ? source + " is not a folder; give the folder of class folders"
              : "source folder not found: " + source);
    }
    checkSeparate(source, outputDir);
    ImageFolder folder = ImageFolder.scan(source);
    List<Assignment> assignments = new ArrayList<>();
    List<SplitResult.ClassSplit> classes = new ArrayList<>();
    for (TrainValSplit.ClassSides sides : split.apply(folder)) {
      Path classDir = source.resolve(sides.name());
      assignments.addAll(assign(sides.val(), classDir, Path.of(VAL, sides.name())));
      assignments.addAll(assign(sides.train(), classDir, Path.of(TRAIN, sides.name())));
      classes.add(new SplitResult.ClassSplit(sides.name(), sides.train().size(), sides.val().size()));
    }

    boolean replacingPrevious = checkOutput(outputDir);
    if (replacingPrevious) {
      refuseToDeleteOnlyCopies(source, outputDir);
    }
    if (mode == TransferMode.MOVE) {
      moveInto(source, outputDir, assignments, replacingPrevious);
    } else {
      AtomicFiles.replaceDirectory(
          outputDir,
          temporary -> {
            for (Assignment assignment : assignments) {
              mode.transfer(assignment.source(), temporary.resolve(assignment.relativeTarget()));
            }
            writeMarker(temporary, source);
          });
    }
    return new SplitResult(classes, split.share(), split.seed(), mode, replacingPrevious);
  }

  /** Where each image of one side of a class goes: its path under the class folder, kept below {@code side}. */
  private static List<Assignment> assign(List<ImageSample> images, Path classDir, Path side) {
    return images.stream()
        .map(image -> new Assignment(image.path(), side.resolve(classDir.relativize(image.path()))))
        .toList();
  }

  private void moveInto(Path source, Path outputDir, List<Assignment> assignments, boolean replacingPrevious)
      throws IOException {
    if (replacingPrevious) {
      AtomicFiles.deleteRecursively(outputDir.resolve(TRAIN));
      AtomicFiles.deleteRecursively(outputDir.resolve(VAL));
    }
    Files.createDirectories(outputDir);
    writeMarker(outputDir, source); // first: a move stopped half-way still says where its images came from
    int moved = 0;
    for (Assignment assignment : assignments) {
      try {
        TransferMode.MOVE.transfer(assignment.source(), outputDir.resolve(assignment.relativeTarget()));
      } catch (IOException e) {
        throw new IOException(
            "stopped after moving " + moved + " of " + assignments.size() + " images (" + e
                + "); the moved ones are in " + outputDir + ", the rest still in the source folder",
            e);
      }
      moved++;
    }
  }

  /** Refuses overlapping folders: the output would become a class, or replacing it would delete the source. */
  private static void checkSeparate(Path source, Path outputDir) throws IOException {
    Path realSource = source.toRealPath();
    Path realOutput = RealPaths.ofPossiblyMissing(outputDir);
    if (realOutput.startsWith(realSource)) {
      throw new BadInputException(
          "output folder " + outputDir + " is inside the source folder " + source
              + ", where it would be read as a class; choose a folder outside it");
    }
    if (realSource.startsWith(realOutput)) {
      throw new BadInputException(
          "source folder " + source + " is inside the output folder " + outputDir + "; choose a new output folder");
    }
  }

  /**
   * Refuses to replace an earlier split that holds the only copy of some images: an image is safe to delete
   * when the same bytes under the same class and name are in {@code source} or in the folder the earlier split
   * was made from (its {@link #MARKER}), or when it is one of several hard links. After {@code --move} neither
   * holds them, and replacing the split would delete them; a new photo that merely reuses a name
   * ({@code IMG_0001.jpg}) is no copy either.
   */
  private static void refuseToDeleteOnlyCopies(Path source, Path outputDir) throws IOException {
    List<Path> sources = new ArrayList<>(List.of(source));
    Path marker = outputDir.resolve(MARKER);
    if (Files.isRegularFile(marker)) {
      String recorded = Files.readString(marker, StandardCharsets.UTF_8).strip();
      try {
        sources.add(Path.of(recorded));
      } catch (InvalidPathException damaged) {
        throw new BadInputException(marker + " does not name a folder (" + damaged.getReason()
            + "); it records where the split came from: delete it only if " + outputDir + " holds copies");
      }
    }
    int images = 0;
    List<String> onlyHere = new ArrayList<>();
    for (String side : List.of(TRAIN, VAL)) {
      Path sideDir = outputDir.resolve(side);
      if (!Files.isDirectory(sideDir)) {
        continue;
      }
      for (String className : ImageFolder.classNames(sideDir)) {
        Path classDir = sideDir.resolve(className);
        for (Path image : ImageFiles.listRecursively(classDir)) {
          images++;
          Path relative = Path.of(className).resolve(classDir.relativize(image));
          if (sources.stream().noneMatch(folder -> sameBytes(folder.resolve(relative), image))
              && linkCount(image) < 2) {
            onlyHere.add(outputDir.relativize(image).toString());
          }
        }
      }
    }
    if (!onlyHere.isEmpty()) {
      throw new BadInputException("refusing to --overwrite " + outputDir + ": " + onlyHere.size() + " of its " + images
          + " images exist nowhere in " + source + " (" + Examples.firstFew(onlyHere)
          + "; an earlier split with --move?), and replacing the split would delete them; move them back, or choose"
          + " a new folder");
    }
  }

  private static boolean sameBytes(Path candidate, Path image) {
    try {
      return Files.isRegularFile(candidate) && Files.size(candidate) == Files.size(image)
          && Files.mismatch(candidate, image) == -1;
    } catch (IOException unreadable) {
      return false; // not provably a copy: keep the image
    }
  }

  private static int linkCount(Path file) {
    try {
      return (Integer) Files.getAttribute(file, "unix:nlink");
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return 1;
    }
  }

  /** Records where a split came from, so that a later {@code --overwrite} can tell copies from only copies. */
  private static void writeMarker(Path outputDir, Path source) throws IOException {
    Files.writeString(outputDir.resolve(MARKER), source.toAbsolutePath().normalize() + "\n", StandardCharsets.UTF_8);
  }

  /** Checks the output folder; returns true when it holds an earlier split that is to be replaced. */
  private boolean checkOutput(Path outputDir) throws IOException {
    if (!Files.exists(outputDir)) {
      return false;
    }
    if (!Files.isDirectory(outputDir)) {
      throw new BadInputException("output " + outputDir + " is a file, not a folder; choose another -o");
    }
    List<String> children;
    try (Stream<Path> listing = Files.list(outputDir)) {
      children = listing.map(child -> child.getFileName().toString()).sorted().toList();
    }
    if (children.isEmpty()) {
      return false;
    }
    if (!overwrite) {
      throw new BadInputException(
          "output folder " + outputDir + " is not empty; choose a new folder, or use --overwrite to replace the"
              + " split in it");
    }
    List<String> foreign =
        children.stream().filter(name -> !Set.of(TRAIN, VAL).contains(name) && !name.startsWith(".")).toList();
    if (!foreign.isEmpty()) {
      // --overwrite deletes the folder's content, so it only ever deletes what an earlier split made.
      throw new BadInputException(
          "refusing to --overwrite " + outputDir + ": it holds "
              + Examples.firstFew(foreign)
              + " besides train/ and val/, so it is not an earlier split; choose a new folder");
    }
    return true;
  }
}
