package tftrain.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import tftrain.BadInputException;

/**
 * The one rule that carves validation images out of a class-folder tree, for {@code train --val-split} and
 * {@code data split} alike, so the same seed and share give the same split both ways.
 *
 * <p>Each class is split on its own (so every class is on both sides, in proportion) by a shuffle seeded
 * from the seed and the class name: the same seed gives the same split on any machine, and adding a class
 * leaves the others' splits unchanged. The first {@link #valCount} images of the shuffle go to val.
 *
 * @param share the part of each class that goes to val, above 0 and below 1
 */
public record TrainValSplit(double share, long seed) {

  /** One class's two sides. */
  public record ClassSides(String name, List<ImageSample> train, List<ImageSample> val) {}

  public TrainValSplit {
    requireShare("--val-split", share);
  }

  /** Refuses a share outside (0, 1), naming the option it came from. */
  public static void requireShare(String option, double share) {
    if (!(share > 0 && share < 1)) {
      throw new BadInputException(option + " must be between 0 and 1 (exclusive), got " + share);
    }
  }

  /** How many of a class's {@code imageCount} images go to val: the rounded share, at least one on each side. */
  public int valCount(int imageCount) {
    int valCount = Math.max(1, (int) Math.round(imageCount * share));
    return Math.min(valCount, imageCount - 1);
  }

  /** The seed of a class's shuffle: the class name mixed into the seed. */
  long classSeed(String className) {
    return SplitMix64.mix(seed + SplitMix64.mix(className.hashCode()));
  }

  /**
   * Splits every class of {@code folder}, in label order.
   *
   * @throws BadInputException naming a class with fewer than 2 images
   */
  public List<ClassSides> apply(ImageFolder folder) {
    List<ClassSides> classes = new ArrayList<>();
    for (int label = 0; label < folder.classes().size(); label++) {
      String className = folder.classes().get(label);
      final int classLabel = label;
      List<ImageSample> images =
          new ArrayList<>(folder.samples().stream().filter(sample -> sample.label() == classLabel).toList());
      if (images.size() < 2) {
        throw new BadInputException(
            "class '" + className + "' in " + folder.root() + " has only " + images.size()
                + " image; a train/val split needs at least 2 per class");
      }
      Collections.shuffle(images, new Random(classSeed(className)));
      int valCount = valCount(images.size());
      classes.add(new ClassSides(className, List.copyOf(images.subList(valCount, images.size())),
          List.copyOf(images.subList(0, valCount))));
    }
    return classes;
  }
}
