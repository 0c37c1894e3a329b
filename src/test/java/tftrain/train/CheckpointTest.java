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
    assertEquals(tftrain.model.InitScheme.PYTORCH, read.config().model().init());
    assertEquals(EarlyStopMonitor.VAL_ACC, read.config().loop().earlyStopMonitor());
    assertEquals(tftrain.data.PreprocessingSpec.DEFAULT_MAX_PIXELS, read.config().data().maxPixels());
    assertEquals(written.loop().batchSize(), read.config().loop().batchSize(), "the rest as written");
  }

  @Test
  void aStateFromBeforeTheScheduleWeightDecaySmoothingAndAveragingOptionsReadsAsAllOff(@TempDir Path run)
      throws Exception {
    Path state = Checkpoint.folder(run).resolve(Checkpoint.STATE_FILE);
    Files.createDirectories(state.getParent());
    Files.writeString(Checkpoint.folder(run).resolve(Checkpoint.VARIABLES_PREFIX + ".index"), "");
    TrainingConfig on = TestConfigs.smallBuilder(Path.of("data"), 3, 1).lrSchedule(RateSchedule.STEP).lrPatience(4)
        .weightDecay(0.0005, true).labelSmoothing(0.1).emaDecay(0.99).build();
    JsonFiles.write(state, TrainingState.initial(List.of("a", "b"), on));
    assertEquals(on, Checkpoint.readForResume(run).config(), "the choices are saved in the state");
    String older = Files.readString(state)
        .replaceFirst(",\\s*\"lrSchedule\": \"\\w+\"", "")
        .replaceFirst(",\\s*\"lrPatience\": \\d+", "")
        .replaceFirst(",\\s*\"weightDecay\": [0-9.Ee-]+", "")
        .replaceFirst(",\\s*\"weightDecayBiases\": \\w+", "")
        .replaceFirst(",\\s*\"labelSmoothing\": [0-9.Ee-]+", "")
        .replaceFirst(",\\s*\"emaDecay\": [0-9.Ee-]+", "");
    assertFalse(older.contains("lrSchedule") || older.contains("lrPatience") || older.contains("weightDecay")
        || older.contains("labelSmoothing") || older.contains("emaDecay"), older);
    Files.writeString(state, older);
    TrainingConfig read = Checkpoint.readForResume(run).config();
    assertEquals(RateSchedule.PIECEWISE, read.optimizer().lrSchedule());
    assertEquals(TrainingConfig.Defaults.LR_PATIENCE, read.optimizer().lrPatience());
    assertEquals(0.0, read.optimizer().weightDecay());
    assertFalse(read.optimizer().weightDecayBiases());
    assertEquals(0.0, read.optimizer().labelSmoothing());
    assertEquals(0.0, read.optimizer().emaDecay());
    assertEquals(on.optimizer().schedule(), read.optimizer().schedule(), "the rest as written");
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

  @Test
  void aDeletedStateIsNotReportedAsNoEpochWhenTheMetricsRecordSome(@TempDir Path run) throws Exception {
    tftrain.report.MetricsCsv.writeAll(run.resolve(Trainer.METRICS_FILE), java.util.List.of(
        new tftrain.report.EpochMetrics(1, 0.01, 0.7, 0.5, 0.69, 0.5, 1.0, 10.0),
        new tftrain.report.EpochMetrics(2, 0.01, 0.6, 0.6, 0.65, 0.6, 1.0, 10.0)));
    String refused = org.junit.jupiter.api.Assertions.assertThrows(tftrain.BadInputException.class,
        () -> Checkpoint.readState(run)).getMessage();
    org.junit.jupiter.api.Assertions.assertTrue(refused.contains("state.json missing); yet its metrics.csv records"
        + " 2 epoch(s): the checkpoint was deleted or damaged"), refused);
  }
}
