package tftrain.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import tftrain.BadInputException;
import tftrain.FileErrors;
import tftrain.io.RealPaths;

/** The training and validation images of a run, with the class names both share. */
public record TrainValData(List<String> classes, List<ImageSample> train, List<ImageSample> val) {

  /**
   * Reads {@code trainDir} and {@code valDir}; their class folders must match exactly, so that label i
   * means the same class on both sides.
   */
  public static TrainValData fromFolders(Path trainDir, Path valDir) {
    if (Files.isDirectory(trainDir) && Files.isDirectory(valDir)) {
      refuseOverlap(trainDir, valDir);
    }
    ImageFolder train = ImageFolder.scan(trainDir);
    ImageFolder val = ImageFolder.scan(valDir);
    if (!train.classes().equals(val.classes())) {
      TreeSet<String> onlyTrain = new TreeSet<>(train.classes());
      onlyTrain.removeAll(val.classes());
      TreeSet<String> onlyVal = new TreeSet<>(val.classes());
      onlyVal.removeAll(train.classes());
      throw new BadInputException(
          "train and val must have the same classes: "
              + (onlyTrain.isEmpty() ? "" : "missing in " + valDir + ": " + String.join(", ", onlyTrain))
              + (onlyTrain.isEmpty() || onlyVal.isEmpty() ? "" : "; ")
              + (onlyVal.isEmpty() ? "" : "missing in " + trainDir + ": " + String.join(", ", onlyVal)));
    }
    return new TrainValData(train.classes(), train.samples(), val.samples());
  }

  /**
   * Validation on the training images (the same folder, through a link too, or one inside the other) measures
   * nothing.
   */
  private static void refuseOverlap(Path trainDir, Path valDir) {
    if (RealPaths.isSameOrInside(valDir, trainDir) && RealPaths.isSameOrInside(trainDir, valDir)) {
      throw new BadInputException("--val-dir " + valDir + " is the same folder as --train-dir " + trainDir
          + ": validating on the training images measures nothing; give a separate folder, or --val-split 0.2");
    }
    if (RealPaths.isSameOrInside(valDir, trainDir) || RealPaths.isSameOrInside(trainDir, valDir)) {
      throw new BadInputException("--val-dir " + valDir + " and --train-dir " + trainDir
          + " are one inside the other: one would hold the other's images (or be read as a class);"
          + " give two separate folders");
    }
  }

  /** {@code dataDir/train} and {@code dataDir/val}, with a hint when the layout is not there. */
  public static TrainValData fromDataDir(Path dataDir) {
    if (!Files.isDirectory(dataDir)) {
      throw new BadInputException(FileErrors.notFound("data folder", dataDir, "a folder"));
    }
    Path train = dataDir.resolve("train");
    Path val = dataDir.resolve("val");
    if (!Files.isDirectory(train) || !Files.isDirectory(val)) {
      throw new BadInputException(
          dataDir + " must contain train/ and val/ class folders; for a single class-folder tree use"
              + " --val-split 0.3, or 'tftrain data split' to make the two");
    }
    return fromFolders(train, val);
  }

  /** Carves a validation set out of one class-folder tree by {@link TrainValSplit}, as {@code data split} does. */
  public static TrainValData carve(Path folder, double valFraction, long seed) {
    TrainValSplit split = new TrainValSplit(valFraction, seed);
    if (Files.isDirectory(folder.resolve("train")) && Files.isDirectory(folder.resolve("val"))) {
      // Carving it would train a classifier of "train" against "val".
      throw new BadInputException(
          folder + " already has train/ and val/ folders: drop --val-split to use them, or carve from the training"
              + " images alone with --train-dir " + folder.resolve("train") + " --val-split " + valFraction);
    }
    ImageFolder images = ImageFolder.scan(folder);
    List<ImageSample> train = new ArrayList<>();
    List<ImageSample> val = new ArrayList<>();
    for (TrainValSplit.ClassSides sides : split.apply(images)) {
      train.addAll(sides.train());
      val.addAll(sides.val());
    }
    return new TrainValData(images.classes(), List.copyOf(train), List.copyOf(val));
  }
}
