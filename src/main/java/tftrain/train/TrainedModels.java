package tftrain.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import tftrain.BadInputException;
import tftrain.report.EpochMetrics;
import tftrain.runtime.TensorFlowRuntime;
import tftrain.serving.ModelMetadata;
import tftrain.serving.ModelSource;

/**
 * A trained model as serving sees it: metadata plus a variables prefix. Serving knows nothing of runs and
 * checkpoints; this is where a run folder or a checkpoint folder becomes a {@link ModelSource}.
 */
public final class TrainedModels {

  private TrainedModels() {}

  /** The metadata of weights trained with {@code config} on {@code classes}, after {@code epoch} epochs. */
  public static ModelMetadata metadata(List<String> classes, TrainingConfig config, int epoch, double valAccuracy) {
    ModelSettings model = config.model();
    return new ModelMetadata(classes, model.imageSize(), model.resize(), model.normalization(), epoch, valAccuracy,
        TensorFlowRuntime.tftrainVersion(), config.data().maxPixels());
  }

  /**
   * A SavedModel folder (a run's {@code best/} or {@code last/}, or an export), a run folder (its latest
   * checkpoint) or a checkpoint folder.
   */
  public static ModelSource resolve(Path path) {
    if (!Files.isDirectory(path)) {
      throw new BadInputException("model not found: " + path);
    }
    if (ModelSource.isSavedModel(path)) {
      return ModelSource.ofSavedModel(path);
    }
    if (RunFolder.holdsRun(path)) {
      return fromCheckpoint(path, Checkpoint.readState(path), Checkpoint.variablesPrefix(path));
    }
    if (Files.isRegularFile(path.resolve(Checkpoint.STATE_FILE)) && path.getParent() != null) {
      Path runDir = path.toAbsolutePath().getParent();
      return fromCheckpoint(path, Checkpoint.readState(runDir), path.resolve(Checkpoint.VARIABLES_PREFIX).toString());
    }
    throw new BadInputException(
        path + " is neither a tftrain model (" + ModelSource.SAVED_MODEL_FILE + ") nor a run or checkpoint folder ("
            + Checkpoint.FOLDER + "/" + Checkpoint.STATE_FILE + ")");
  }

  /**
   * The training and validation folders of the run that {@code model} is, or is a model of ({@code RUN/best},
   * {@code RUN/last}, {@code RUN/checkpoint}); empty for an export, which does not know its data. Outputs
   * of commands that read the model stay out of them, where they would become classes.
   */
  public static List<Path> trainingDataOf(Path model) {
    Path absolute = model.toAbsolutePath().normalize();
    for (Path candidate : new Path[] {absolute, absolute.getParent()}) {
      if (candidate != null && RunFolder.holdsRun(candidate)) {
        try {
          DataSettings folders = Checkpoint.readState(candidate).config().data();
          return Stream.of(folders.trainDir(), folders.valDir()).filter(Objects::nonNull).map(Path::of).toList();
        } catch (RuntimeException unreadable) {
          return List.of(); // the command that reads the model reports it
        }
      }
    }
    return List.of();
  }

  private static ModelSource fromCheckpoint(Path location, TrainingState state, String prefix) {
    List<EpochMetrics> history = state.history();
    double valAccuracy = history.isEmpty() ? Double.NaN : history.get(history.size() - 1).valAccuracy();
    ModelMetadata metadata = metadata(state.classes(), state.config(), state.epochsCompleted(), valAccuracy);
    return new ModelSource(metadata, prefix, location);
  }
}
