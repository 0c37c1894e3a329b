package tftrain.data.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import tftrain.BadInputException;
import tftrain.data.ImageFolder;
import tftrain.data.ImageSample;
import tftrain.io.AtomicFiles;

/**
 * Splits a class-folder tree into {@code DIR/train/<class>} and {@code DIR/val/<class>}, the layout
 * {@code tftrain train --data DIR} reads.
 *
 * <p>Each class is split on its own (so every class is in both sides, in proportion) by a shuffle seeded
 * from the seed and the class name: the same seed gives the same split on any machine, and adding a class
 * leaves the others' splits unchanged. Subfolders below a class folder are kept.
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

  private final double valRatio;
  private final long seed;
  private final TransferMode mode;
  private final boolean overwrite;

  private record Assignment(Path source, Path relativeTarget) {}

  /**
   * @param valRatio share of each class that goes to val, above 0 and below 1
   * @param seed seed of the shuffles
   * @param mode copy, move or hard-link
   * @param overwrite whether a non-empty output folder holding an earlier split may be replaced; for copies and
   *     links the old split is deleted once the new one is complete, for moves it is deleted first
   * @throws BadInputException when {@code valRatio} is out of range
   */
  public TrainValSplitter(double valRatio, long seed, TransferMode mode, boolean overwrite) {
    if (!(valRatio > 0 && valRatio < 1)) {
      throw new BadInputException("--val-ratio must be between 0 and 1 (exclusive), got " + valRatio);
    }
    this.valRatio = valRatio;
    this.seed = seed;
    this.mode = mode;
    this.overwrite = overwrite;
  }

  /**
   * How many of a class's {@code imageCount} images go to val: the rounded share, but at least one on each
   * side, the same rule as {@code --val-split} in training so both give the same sizes.
   */
  static int valCount(int imageCount, double valRatio) {
    int valCount = Math.max(1, (int) Math.round(imageCount * valRatio));
    return Math.min(valCount, imageCount - 1);
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
    for (int label = 0; label < folder.classes().size(); label++) {
      String className = folder.classes().get(label);
      final int classLabel = label;
      List<Path> images =
          new ArrayList<>(
              folder.samples().stream().filter(sample -> sample.label() == classLabel).map(ImageSample::path).toList());
      if (images.size() < 2) {
        throw new BadInputException(
            "class '" + className + "' in " + source + " has only " + images.size()
                + " image; a train/val split needs at least 2 per class");
      }
      Collections.shuffle(images, new Random(classSeed(seed, className)));
      int valCount = valCount(images.size(), valRatio);
      Path classDir = source.resolve(className);
      for (int index = 0; index < images.size(); index++) {
        String side = index < valCount ? VAL : TRAIN;
        Path image = images.get(index);
        assignments.add(new Assignment(image, Path.of(side, className).resolve(classDir.relativize(image))));
      }
      classes.add(new SplitResult.ClassSplit(className, images.size() - valCount, valCount));
    }

    boolean replacingPrevious = checkOutput(outputDir);
    if (mode == TransferMode.MOVE) {
      moveInto(outputDir, assignments, replacingPrevious);
    } else {
      AtomicFiles.replaceDirectory(
          outputDir,
          temporary -> {
            for (Assignment assignment : assignments) {
              mode.transfer(assignment.source(), temporary.resolve(assignment.relativeTarget()));
            }
          });
    }
    return new SplitResult(classes, valRatio, seed, mode, replacingPrevious);
  }

  /**
   * Mixes the class name into the seed with SplitMix64's finalizer: {@link Random}'s first draws for nearby
   * seeds are correlated, and class-name hashes are often nearby ("cat1", "cat2").
   */
  static long classSeed(long seed, String className) {
    return mix(seed + mix(className.hashCode()));
  }

  private static long mix(long value) {
    long z = value;
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  private void moveInto(Path outputDir, List<Assignment> assignments, boolean replacingPrevious) throws IOException {
    if (replacingPrevious) {
      AtomicFiles.deleteRecursively(outputDir.resolve(TRAIN));
      AtomicFiles.deleteRecursively(outputDir.resolve(VAL));
    }
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
    Path realOutput = realPathOfPossiblyMissing(outputDir);
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

  /** The real path of the nearest existing ancestor, with the missing rest appended. */
  private static Path realPathOfPossiblyMissing(Path path) throws IOException {
    Path existing = path.toAbsolutePath().normalize();
    Deque<Path> missing = new ArrayDeque<>();
    while (existing.getParent() != null && !Files.exists(existing)) {
      missing.push(existing.getFileName());
      existing = existing.getParent();
    }
    Path real = existing.toRealPath();
    while (!missing.isEmpty()) {
      real = real.resolve(missing.pop());
    }
    return real;
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
