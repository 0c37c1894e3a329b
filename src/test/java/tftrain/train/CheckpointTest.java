package tftrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.BadInputException;
import tftrain.report.JsonFiles;
import tftrain.runtime.TensorFlowRuntime;
import tftrain.testing.TestConfigs;

class CheckpointTest {

  /** A checkpoint folder with a state file (and an empty variables index, which reading does not open). */
  private static Path stateFile(Path run) throws Exception {
    Path folder = Checkpoint.folder(run);
    Files.createDirectories(folder);
    Files.writeString(folder.resolve(Checkpoint.VARIABLES_PREFIX + ".index"), "");
    Path state = folder.resolve(Checkpoint.STATE_FILE);
    JsonFiles.write(state, TrainingState.initial(List.of("a", "b"), TestConfigs.small(Path.of("data"), 3, 1)));
    return state;
  }

  @Test
  void aCheckpointOfThisVersionResumes(@TempDir Path run) throws Exception {
    stateFile(run);
    assertEquals(TrainingState.SCHEMA_VERSION, Checkpoint.readForResume(run).schemaVersion());
  }

  @Test
  void aStateFromBeforeInitEarlyStoppingAndThePixelLimitReadsAsWhatThatRunDid(@TempDir Path run) throws Exception {
    Path state = stateFile(run);
    TrainingConfig written = Checkpoint.readState(run).config();
    String older = Files.readString(state)
        .replaceFirst("\"schemaVersion\": \\d+,", "")
        .replaceFirst("\"init\": \"\\w+\",", "")
        .replaceFirst("\"earlyStopMonitor\": \"\\w+\",?", "")
        .replaceFirst("\"maxPixels\": \\d+", "\"maxPixels\": 0");
    Files.writeString(state, older);
    assertFalse(older.contains("\"init\"") || older.contains("earlyStopMonitor"), older);
    TrainingState read = Checkpoint.readState(run);
    assertEquals(1, read.schemaVersion());
    assertEquals(tftrain.model.InitScheme.PYTORCH, read.config().init());
    assertEquals(EarlyStopMonitor.VAL_ACC, read.config().earlyStopMonitor());
    assertEquals(tftrain.data.PreprocessingSpec.DEFAULT_MAX_PIXELS, read.config().maxPixels());
    assertEquals(written.batchSize(), read.config().batchSize(), "the rest as written");
  }

  @Test
  void aCheckpointWithoutAVersionIsVersionOneAndRefusedInOneLineNamingBoth(@TempDir Path run) throws Exception {
    Path state = stateFile(run);
    Files.writeString(state, Files.readString(state).replaceFirst("\"schemaVersion\": \\d+,", ""));
    assertEquals(1, Checkpoint.readState(run).schemaVersion(), "readable for export and predict");
    BadInputException refused = assertThrows(BadInputException.class, () -> Checkpoint.readForResume(run));
    assertEquals("cannot resume " + run + ": its checkpoint has state schema version 1, this tftrain "
        + TensorFlowRuntime.tftrainVersion() + " resumes version " + TrainingState.SCHEMA_VERSION
        + "; export or predict from it still work, start a new run to train further", refused.getMessage());
    assertFalse(refused.getMessage().contains("\n"));
  }

  @Test
  void aNewerCheckpointIsRefusedByVersionEvenWithFieldsUnknownHere(@TempDir Path run) throws Exception {
    Path state = stateFile(run);
    Files.writeString(state, Files.readString(state)
        .replaceFirst("\"schemaVersion\": \\d+,", "\"schemaVersion\": 99, \"somethingNew\": true,"));
    BadInputException refused = assertThrows(BadInputException.class, () -> Checkpoint.readForResume(run));
    assertEquals("cannot resume " + run + ": its checkpoint has state schema version 99, this tftrain "
        + TensorFlowRuntime.tftrainVersion() + " resumes version " + TrainingState.SCHEMA_VERSION
        + "; resume it with the tftrain that wrote it", refused.getMessage());
  }
}
