package tftrain.train;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import tftrain.BadInputException;
import tftrain.data.ImageSample;
import tftrain.data.TrainValData;
import tftrain.io.AtomicFiles;

/**
 * Which images a run trains on, kept in the run folder so that {@code --resume} can tell whether it meets
 * the same data: the names of the files (per set, relative to the data folder, so a moved data folder
 * still matches), written when the run starts. Cheap: names only, no contents are read.
 */
public final class RunDataFingerprint {

  /** The file in the run folder, one "set&lt;TAB&gt;relative name" line per image, gzipped. */
  public static final String FILE = "data-files.txt.gz";

  private static final int EXAMPLES = 2;

  private RunDataFingerprint() {}

  /** Records the images of {@code data} (read from {@code config}'s folders) in {@code runDir}. */
  public static void write(Path runDir, TrainingConfig config, TrainValData data) throws IOException {
    List<String> lines = names(config, data);
    AtomicFiles.writeFile(runDir.resolve(FILE), out -> {
      try (Writer writer = new OutputStreamWriter(new GZIPOutputStream(out), StandardCharsets.UTF_8)) {
        for (String line : lines) {
          writer.write(line);
          writer.write('\n');
        }
      }
    });
  }

  /**
   * What differs between the images {@code runDir} recorded and {@code data}, in one line, or null when
   * they are the same or the run recorded none (a run from before the record existed).
   */
  public static String changes(Path runDir, TrainingConfig config, TrainValData data) throws IOException {
    Path file = runDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    TreeSet<String> recorded = new TreeSet<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        recorded.add(line);
      }
    } catch (IOException damaged) {
      return null; // an unreadable record proves nothing either way; the class check still applies
    }
    TreeSet<String> now = new TreeSet<>(names(config, data));
    TreeSet<String> added = new TreeSet<>(now);
    added.removeAll(recorded);
    TreeSet<String> removed = new TreeSet<>(recorded);
    removed.removeAll(now);
    if (added.isEmpty() && removed.isEmpty()) {
      return null;
    }
    return "the data in " + describeFolders(config) + " is not the run's: " + added.size() + " image(s) added"
        + examples(added) + ", " + removed.size() + " removed" + examples(removed) + " (of " + recorded.size()
        + " the run trained on)";
  }

  /**
   * On resume: a change of the data the user did not ask for is refused; with the data given again on the
   * command line it is a notice, and the record is renewed.
   */
  public static void checkOnResume(Path runDir, TrainingConfig config, TrainValData data, boolean dataGiven,
      java.util.function.Consumer<String> notices) throws IOException {
    String changes = changes(runDir, config, data);
    if (changes == null) {
      return;
    }
    if (!dataGiven) {
      throw new BadInputException("cannot resume: " + changes
          + "; give the data folder again (--data or --train-dir) to train on it as it is now");
    }
    notices.accept("notice: " + changes + "; training on it as given");
    write(runDir, config, data);
  }

  private static List<String> names(TrainingConfig config, TrainValData data) {
    DataSettings folders = config.data();
    Path trainRoot = Path.of(folders.trainDir()).toAbsolutePath().normalize();
    Path valRoot = folders.valDir() == null ? trainRoot : Path.of(folders.valDir()).toAbsolutePath().normalize();
    List<String> lines = new ArrayList<>(data.train().size() + data.val().size());
    for (ImageSample sample : data.train()) {
      lines.add("train\t" + relative(trainRoot, sample.path()));
    }
    for (ImageSample sample : data.val()) {
      lines.add("val\t" + relative(valRoot, sample.path()));
    }
    lines.sort(null);
    return lines;
  }

  private static String relative(Path root, Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    return absolute.startsWith(root) ? root.relativize(absolute).toString() : absolute.toString();
  }

  private static String describeFolders(TrainingConfig config) {
    DataSettings folders = config.data();
    return folders.valDir() == null ? folders.trainDir() : folders.trainDir() + " and " + folders.valDir();
  }

  private static String examples(TreeSet<String> names) {
    if (names.isEmpty()) {
      return "";
    }
    List<String> shown = names.stream().limit(EXAMPLES).map(line -> line.replace('\t', '/')).toList();
    return " (" + String.join(", ", shown) + (names.size() > EXAMPLES ? ", …" : "") + ")";
  }
}
