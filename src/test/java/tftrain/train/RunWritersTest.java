package tftrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.model.ModelSpec;
import tftrain.report.EpochMetrics;
import tftrain.report.MetricsCsv;
import tftrain.testing.TestConfigs;
import tftrain.testing.TestWeights;

/**
 * "The checkpoint is the commit point", as files on disk: what a resume redoes (the metrics row, the
 * models) is written before the checkpoint, what RunRepair rebuilds from the checkpoint's history (charts,
 * events, summary) after it, so an epoch end that fails in between leaves no committed checkpoint and no
 * derived files.
 */
class RunWritersTest {

  private static final List<String> CLASSES = List.of("a", "b");
  private static final EpochMetrics EPOCH_1 = new EpochMetrics(1, 0.02, 0.7, 0.5, 0.69, 0.5, 1.0, 10.0);

  /** Calls the run's writers at the end of epoch 1, with the epoch's weights saved in its checkpoint or not. */
  private static void endEpoch(Path run, boolean withWeights) throws Exception {
    TrainingConfig config = TestConfigs.small(run.resolveSibling("data"), 1, 1);
    TrainingState after = TrainingState.initial(CLASSES, config).after(EPOCH_1, 4);
    try (ListenerList writers = new ListenerList(RunWriters.forRun(run, config, CLASSES));
        Checkpoint.Pending checkpoint = Checkpoint.begin(run)) {
      writers.onRunStart(new RunInfo(run, "cpu", "fp32", CLASSES, 8, 4, 1, config, 0));
      if (withWeights) {
        TestWeights.saveInitial(new ModelSpec(CLASSES.size(), config.model().imageSize(), 1),
            checkpoint.variablesPrefix());
      }
      writers.onEpochEnd(new EpochEnd(EPOCH_1, 1, true, after, checkpoint));
    }
  }

  @Test
  void anEpochEndWritesEveryFileOfTheRunAndCommitsTheCheckpoint(@TempDir Path temp) throws Exception {
    Path run = Files.createDirectories(temp.resolve("run"));
    endEpoch(run, true);
    assertEquals(List.of(1), epochsIn(run));
    assertTrue(Files.isRegularFile(run.resolve(Trainer.LAST_FOLDER).resolve("saved_model.pb")));
    assertTrue(Files.isRegularFile(run.resolve(Trainer.BEST_FOLDER).resolve("saved_model.pb")));
    assertEquals(1, Checkpoint.readState(run).epochsCompleted());
    assertTrue(Files.isRegularFile(run.resolve("loss.png")));
    assertTrue(Files.readString(run.resolve(Trainer.SUMMARY_FILE)).contains("\"epochsCompleted\": 1"));
  }

  @Test
  void anExportThatFailsLeavesTheMetricsRowButNoCommittedCheckpointAndNoDerivedFiles(@TempDir Path temp)
      throws Exception {
    Path run = Files.createDirectories(temp.resolve("run"));
    // No weights in the checkpoint: the model export cannot restore them.
    assertThrows(RuntimeException.class, () -> endEpoch(run, false));
    assertEquals(List.of(1), epochsIn(run), "the row is written before the models");
    assertFalse(Files.exists(Checkpoint.folder(run)), "not committed after a failed export");
    assertFalse(Files.exists(run.resolve("loss.png")), "charts come after the commit");
    assertFalse(Files.exists(run.resolve(Trainer.SUMMARY_FILE)), "the summary comes after the commit");
  }

  /** mistakes.png is drawn again from a redone validation, so it is written before the commit, like the models. */
  @Test
  void theMistakesSheetComesBeforeTheCommitAndIsLeftOutWithZero(@TempDir Path run) throws Exception {
    TrainingConfig config = TestConfigs.small(run.resolve("data"), 1, 1);
    try (ListenerList writers = new ListenerList(RunWriters.forRun(run, config, CLASSES))) {
      List<Class<?>> order = writers.listeners().stream().<Class<?>>map(Object::getClass).toList();
      assertTrue(order.indexOf(MistakesSheet.class) > order.indexOf(RunWriters.ModelExports.class), order.toString());
      assertTrue(order.indexOf(MistakesSheet.class) < order.indexOf(RunWriters.CheckpointCommit.class),
          order.toString());
    }
    try (ListenerList writers =
        new ListenerList(RunWriters.forRun(run, config.toBuilder().mistakes(0).build(), CLASSES))) {
      assertEquals(List.of(), writers.listeners().stream().filter(MistakesSheet.class::isInstance).toList(),
          "--mistakes 0: no sheet");
    }
  }

  private static List<Integer> epochsIn(Path run) {
    return MetricsCsv.read(run.resolve(Trainer.METRICS_FILE)).stream().map(EpochMetrics::epoch).toList();
  }
}
