package tftrain.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import tftrain.BadInputException;
import tftrain.FileErrors;

/**
 * A folder with one subfolder per class, as torchvision's ImageFolder reads it: the sorted subfolder
 * names are the labels, images are found at any depth below them, hidden files and non-images are
 * ignored.
 */
public record ImageFolder(Path root, List<String> classes, List<ImageSample> samples) {

  /** Scans {@code root}; an empty class, or no classes at all, is an error naming what is missing. */
  public static ImageFolder scan(Path root) {
    if (!Files.isDirectory(root)) {
      throw new BadInputException(FileErrors.notFound("image folder", root, "a folder"));
    }
    List<String> classes = classNames(root);
    if (classes.isEmpty()) {
      throw new BadInputException(
          root + " has no class subfolders; expected " + root + "/<class>/<image>.jpg"
              + " (use 'tftrain data organize' to sort a flat folder)");
    }
    List<ImageSample> samples = new ArrayList<>();
    for (int label = 0; label < classes.size(); label++) {
      List<Path> images = ImageFiles.listRecursively(root.resolve(classes.get(label)));
      if (images.isEmpty()) {
        throw new BadInputException(
            "class '" + classes.get(label) + "' in " + root + " has no images (.jpg .jpeg .png .bmp .gif)");
      }
      for (Path image : images) {
        samples.add(new ImageSample(image, label));
      }
    }
    return new ImageFolder(root, List.copyOf(classes), Collections.unmodifiableList(samples));
  }

  /** The sorted names of the visible subfolders of {@code root}. */
  public static List<String> classNames(Path root) {
    try (Stream<Path> children = Files.list(root)) {
      return children
          .filter(Files::isDirectory)
          .filter(child -> !ImageFiles.isHidden(child))
          .map(child -> child.getFileName().toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How many images each class has, in label order. */
  public int[] countPerClass() {
    int[] counts = new int[classes.size()];
    for (ImageSample sample : samples) {
      counts[sample.label()]++;
    }
    return counts;
  }
}
