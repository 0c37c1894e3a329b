package tftrain.serving;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import tftrain.BadInputException;

/**
 * Where a model's weights come from, as serving needs it: the metadata and a checkpoint prefix that the
 * inference graph restores by variable name, plus the folder they were found in. A SavedModel folder is
 * resolved here; a run or checkpoint folder by {@code train.TrainedModels}, which knows checkpoints.
 */
public record ModelSource(ModelMetadata metadata, String variablesPrefix, Path location) {

  /** The file that marks a SavedModel folder. */
  public static final String SAVED_MODEL_FILE = "saved_model.pb";

  /** True when {@code path} is a SavedModel folder (a run's {@code best/} or {@code last/}, or an export). */
  public static boolean isSavedModel(Path path) {
    return Files.isRegularFile(path.resolve(SAVED_MODEL_FILE));
  }

  /**
   * The folder to read a model from when the user names {@code path}: a SavedModel folder is itself; a folder of
   * numbered versions ({@code export --model-version N} writes {@code DIR/N/}, TensorFlow Serving's layout) gives its
   * highest version that holds a SavedModel, the one Serving would serve; anything else comes back unchanged, for
   * the caller's own check to name.
   */
  public static Path servedVersionOf(Path path) {
    if (isSavedModel(path) || !Files.isDirectory(path)) {
      return path;
    }
    try (Stream<Path> entries = Files.list(path)) {
      Optional<Path> highest = entries
          .filter(entry -> entry.getFileName().toString().matches("[0-9]{1,18}") && isSavedModel(entry))
          .max(Comparator.comparingLong(entry -> Long.parseLong(entry.getFileName().toString())));
      return highest.orElse(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + path, e);
    }
  }

  /** Refuses, in the one line a user gets, a folder that is not a SavedModel. */
  public static void requireSavedModel(Path path) {
    if (!isSavedModel(path)) {
      throw new BadInputException(
          path + " has no " + SAVED_MODEL_FILE + "; give a run's best/ or last/ folder or an export");
    }
  }

  /** A tftrain SavedModel folder: its metadata and its {@code variables/variables} prefix. */
  public static ModelSource ofSavedModel(Path path) {
    requireSavedModel(path);
    return new ModelSource(
        ModelMetadata.readFrom(path), path.resolve("variables").resolve("variables").toString(), path);
  }

  /** The same weights with another decode limit built into the exported graph ({@code export --max-pixels}). */
  public ModelSource withMaxPixels(long maxPixels) {
    return new ModelSource(metadata.withMaxPixels(maxPixels), variablesPrefix, location);
  }
}
