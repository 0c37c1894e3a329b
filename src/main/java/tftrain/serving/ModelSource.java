package tftrain.serving;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tftrain.BadInputException;
import tftrain.train.Checkpoint;
import tftrain.train.EpochMetrics;
import tftrain.train.TrainingConfig;
import tftrain.train.TrainingState;

/**
 * Where a model's weights come from: a SavedModel folder (a run's {@code best/} or {@code last/}, or an
 * export), a run folder (its latest checkpoint), or a checkpoint folder. Either way the weights are a
 * checkpoint prefix that the inference graph restores by variable name.
 */
public record ModelSource(ModelMetadata metadata, String variablesPrefix, Path location) {

  public static ModelSource resolve(Path path) {
    if (!Files.isDirectory(path)) {
      throw new BadInputException("model not found: " + path);
    }
    if (Files.isRegularFile(path.resolve("saved_model.pb"))) {
      return new ModelSource(ModelMetadata.readFrom(path), path.resolve("variables").resolve("variables").toString(), path);
    }
    if (Files.isRegularFile(Checkpoint.folder(path).resolve(Checkpoint.STATE_FILE))) {
      return fromCheckpoint(path, Checkpoint.readState(path), Checkpoint.variablesPrefix(path));
    }
    if (Files.isRegularFile(path.resolve(Checkpoint.STATE_FILE)) && path.getParent() != null) {
      Path runDir = path.toAbsolutePath().getParent();
      return fromCheckpoint(path, Checkpoint.readState(runDir), path.resolve(Checkpoint.VARIABLES_PREFIX).toString());
    }
    throw new BadInputException(
        path + " is neither a tftrain model (saved_model.pb) nor a run or checkpoint folder (checkpoint/state.json)");
  }

  private static ModelSource fromCheckpoint(Path location, TrainingState state, String prefix) {
    TrainingConfig config = state.config();
    List<EpochMetrics> history = state.history();
    double valAccuracy = history.isEmpty() ? Double.NaN : history.get(history.size() - 1).valAccuracy();
    return new ModelSource(
        ModelMetadata.forTraining(state.classes(), config, state.epochsCompleted(), valAccuracy), prefix, location);
  }
}
