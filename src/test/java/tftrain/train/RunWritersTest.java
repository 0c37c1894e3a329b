package tftrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.testing.TestConfigs;

class RunWritersTest {

  /**
   * "The checkpoint is the commit point" as list order: what a resume redoes (the metrics row, replaced;
   * the models, exported again; mistakes.png, drawn again from the redone validation) comes before the
   * commit, what RunRepair rebuilds from the checkpoint's
   * history (charts, events, summary) after it.
   */
  @Test
  void theCheckpointCommitsAfterTheRedoneFilesAndBeforeTheRepairedOnes(@TempDir Path run) throws Exception {
    TrainingConfig config = TestConfigs.small(run.resolve("data"), 1, 1);
    try (ListenerList writers = new ListenerList(RunWriters.forRun(run, config, List.of("a", "b")))) {
      assertEquals(
          List.of(RunWriters.MetricsRow.class, RunWriters.ModelExports.class, MistakesSheet.class,
              RunWriters.CheckpointCommit.class, RunWriters.Charts.class, RunWriters.TensorBoard.class,
              RunWriters.Summary.class),
          writers.listeners().stream().map(Object::getClass).toList());
    }
    try (ListenerList writers =
        new ListenerList(RunWriters.forRun(run, config.toBuilder().mistakes(0).build(), List.of("a", "b")))) {
      assertEquals(List.of(), writers.listeners().stream().filter(MistakesSheet.class::isInstance).toList(),
          "--mistakes 0: no sheet");
    }
  }
}
