package tftrain.serving;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tftrain.BadInputException;
import tftrain.data.ImageFiles;
import tftrain.data.ImageFolder;

/**
 * The files {@code predict} classifies, found in the paths given (folders recursively), and, when the one
 * path given is an ImageFolder whose class folders the model knows, each file's actual class.
 *
 * @param actualLabels the true class index per file, or null when the input is not labelled
 * @param skipped visible files that are not images, skipped with a warning
 */
public record PredictionInputs(List<Path> files, int[] actualLabels, List<Path> skipped) {

  public boolean isLabelled() {
    return actualLabels != null;
  }

  public static PredictionInputs collect(List<Path> inputs, List<String> modelClasses) {
    List<Path> files = new ArrayList<>();
    List<Path> skipped = new ArrayList<>();
    for (Path input : inputs) {
      if (Files.isRegularFile(input)) {
        (ImageFiles.isImage(input) ? files : skipped).add(input);
      } else if (Files.isDirectory(input)) {
        files.addAll(ImageFiles.listRecursively(input));
        skipped.addAll(ImageFiles.listNonImages(input));
      } else {
        throw new BadInputException("input not found: " + input);
      }
    }
    if (files.isEmpty()) {
      throw new BadInputException("no images (.jpg .jpeg .png .bmp .gif) found in " + inputs);
    }
    int[] labels = labelsIfImageFolder(inputs, files, modelClasses);
    return new PredictionInputs(List.copyOf(files), labels, List.copyOf(skipped));
  }

  private static int[] labelsIfImageFolder(List<Path> inputs, List<Path> files, List<String> modelClasses) {
    if (inputs.size() != 1 || !Files.isDirectory(inputs.get(0))) {
      return null;
    }
    Path root = inputs.get(0);
    List<String> folders = ImageFolder.classNames(root);
    if (folders.isEmpty() || !modelClasses.containsAll(folders)) {
      return null;
    }
    int[] labels = new int[files.size()];
    for (int i = 0; i < files.size(); i++) {
      Path relative = root.relativize(files.get(i));
      if (relative.getNameCount() < 2) {
        return null;
      }
      labels[i] = modelClasses.indexOf(relative.getName(0).toString());
    }
    return labels;
  }
}
