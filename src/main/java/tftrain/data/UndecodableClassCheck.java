package tftrain.data;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import tftrain.BadInputException;

/**
 * Stops a run as soon as every image of one class in one set has failed to decode: training on would
 * give a model that lists the class but never saw it (or a validation that never measures it). Passes
 * each skipped file on to {@code next} first, so its warning line still comes out.
 *
 * <p>It counts what the decoder reports, so a run that never reaches every file (--max-batches, or one
 * worker's share of a multi-worker run) cannot tell and goes on; {@code data check --decode} checks all.
 */
public final class UndecodableClassCheck implements Consumer<BadImage> {

  private record Group(String set, String className, int size) {}

  private final Map<Path, Group> groupOf = new HashMap<>();
  private final Map<Group, Set<Path>> bad = new HashMap<>();
  private final Consumer<BadImage> next;

  public UndecodableClassCheck(TrainValData data, Consumer<BadImage> next) {
    this.next = next;
    add("the training images", data.train(), data.classes());
    add("the validation images", data.val(), data.classes());
  }

  private void add(String set, List<ImageSample> samples, List<String> classes) {
    int[] sizes = new int[classes.size()];
    samples.forEach(sample -> sizes[sample.label()]++);
    for (ImageSample sample : samples) {
      groupOf.put(sample.path(), new Group(set, classes.get(sample.label()), sizes[sample.label()]));
    }
  }

  @Override
  public void accept(BadImage image) {
    next.accept(image);
    Group group = groupOf.get(image.path());
    if (group == null) {
      return;
    }
    int count;
    synchronized (bad) {
      Set<Path> files = bad.computeIfAbsent(group, g -> new HashSet<>());
      files.add(image.path());
      count = files.size();
    }
    if (count == group.size()) {
      throw new BadInputException(message(group.className(), group.set(), count, image));
    }
  }

  /** The one line for a class none of whose {@code count} images decode; {@code example} is one of them. */
  public static String message(String className, String where, int count, BadImage example) {
    return "class '" + className + "' in " + where + " has no image that decodes (" + count + " of " + count
        + " skipped, e.g. " + example.path() + ": " + example.reason() + "); a model would never learn it:"
        + " replace or remove these files, or the class folder";
  }
}
