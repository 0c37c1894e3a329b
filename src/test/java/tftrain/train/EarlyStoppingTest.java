package tftrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.data.TrainValData;
import tftrain.report.EpochMetrics;
import tftrain.report.MetricsCsv;
import tftrain.testing.TestConfigs;
import tftrain.testing.TestImages;

class EarlyStoppingTest {

  private static List<EpochMetrics> history(double[] valLoss, double[] valAccuracy) {
    List<EpochMetrics> epochs = new ArrayList<>();
    for (int i = 0; i < valLoss.length; i++) {
      epochs.add(new EpochMetrics(i + 1, 0.01, 1, 0.5, valLoss[i], valAccuracy[i], 1, 1));
    }
    return epochs;
  }

  @Test
  void stopsAfterPatienceEpochsWithoutStrictImprovementOfTheMonitoredFigure() {
    double[] loss = {0.9, 0.7, 0.71, 0.7, 0.8};
    double[] accuracy = {0.5, 0.6, 0.6, 0.7, 0.65};
    EarlyStopping onAccuracy = new EarlyStopping(2, EarlyStopMonitor.VAL_ACC);
    assertNull(onAccuracy.decide(history(loss, accuracy).subList(0, 3)), "one epoch without improvement");
    assertNull(onAccuracy.decide(history(loss, accuracy)), "epoch 4 improved, epoch 5 is the first without");
    EarlyStopping onLoss = new EarlyStopping(2, EarlyStopMonitor.VAL_LOSS);
    assertNull(onLoss.decide(history(loss, accuracy).subList(0, 3)));
    assertEquals("val_loss did not improve for 2 epoch(s) after epoch 2 (0.7000; --early-stop-patience 2)",
        onLoss.decide(history(loss, accuracy).subList(0, 4)), "an equal loss is no improvement");
    assertEquals("val_loss did not improve for 3 epoch(s) after epoch 2 (0.7000; --early-stop-patience 2)",
        onLoss.decide(history(loss, accuracy)));
  }

  @Test
  @Tag("slow")
  void aRunWhoseAccuracyStandsStillEndsEarlyAsFinished(@TempDir Path temp) throws Exception {
    Path data = TestImages.trainValFolders(temp.resolve("data"), 2, 8, 4, 70, 3);
    Path run = temp.resolve("run");
    // A rate too small to change a prediction: val_acc stays where it started.
    TrainingConfig config = TestConfigs.smallBuilder(data, 5, 2)
        .stepDecay(1e-9, 10, 0.1).earlyStop(1, EarlyStopMonitor.VAL_ACC).build();
    Trainer.Outcome outcome =
        new Trainer(Trainer.Setup.single(config, TrainValData.fromDataDir(data), run),
                new TrainingListener() {}, () -> false).run(null);
    assertFalse(outcome.interrupted());
    assertEquals(2, outcome.state().epochsCompleted());
    assertTrue(outcome.stopReason().startsWith("val_acc did not improve for 1 epoch(s) after epoch 1"),
        outcome.stopReason());
    assertEquals(2, MetricsCsv.read(run.resolve(Trainer.METRICS_FILE)).size());
    assertEquals(2, Checkpoint.readState(run).epochsCompleted());
    assertTrue(Files.readString(run.resolve(Trainer.SUMMARY_FILE)).contains("\"epochsCompleted\": 2"));
  }
}
