package tftrain.data.tools;

import java.util.List;

/**
 * What {@link TrainValSplitter#split} did.
 *
 * @param classes the per-class counts, in class-name order
 * @param valRatio the requested share of each class in val
 * @param seed the seed of the per-class shuffles
 * @param mode how the images were transferred
 * @param replacedPrevious whether an earlier split in the output folder was replaced ({@code --overwrite})
 */
public record SplitResult(
    List<ClassSplit> classes, double valRatio, long seed, TransferMode mode, boolean replacedPrevious) {

  /** One class's share of each side. */
  public record ClassSplit(String name, int train, int val) {}

  /** Copies the list so the result cannot change under its reader. */
  public SplitResult {
    classes = List.copyOf(classes);
  }

  /** Images in train/, all classes. */
  public int trainTotal() {
    return classes.stream().mapToInt(ClassSplit::train).sum();
  }

  /** Images in val/, all classes. */
  public int valTotal() {
    return classes.stream().mapToInt(ClassSplit::val).sum();
  }
}
