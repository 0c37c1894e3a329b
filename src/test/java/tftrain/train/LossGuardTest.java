package tftrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LossGuardTest {

  @Test
  void aLossNoLearningClassifierProducesCountsAsExploded() {
    LossGuard twoClasses = new LossGuard(2);
    assertEquals(100 * Math.log(2), twoClasses.limit(), 1e-9);
    assertFalse(twoClasses.hasExploded(0.6931));
    assertFalse(twoClasses.hasExploded(15.0), "a bad but learning network");
    assertTrue(twoClasses.hasExploded(94_161_732.0), "the bf16 run of the issue, epoch 1");
    assertTrue(twoClasses.hasExploded(1e33));
    assertTrue(twoClasses.hasExploded(Double.NaN));
    assertTrue(twoClasses.hasExploded(Double.POSITIVE_INFINITY));
    assertFalse(new LossGuard(1000).hasExploded(200), "the bound grows with ln(classes)");
  }

  @Test
  void theMessageNamesTheLossWhereItHappenedAndTheLastGoodEpoch() {
    TrainingState state = new TrainingState(TrainingState.SCHEMA_VERSION, 3, 30, EpochProgress.NONE, 0.81, 2,
        java.util.List.of("a", "b"), null, java.util.List.of(), "t");
    String message = new TrainingDivergedException("epoch 4, step 7", 2.5e31, 69.3, state).getMessage();
    assertTrue(message.startsWith("the loss became 2.50e+31 (above 69) at epoch 4, step 7: training diverged"),
        message);
    assertTrue(message.contains("best/ keeps epoch 2 (val_acc 0.8100)"), message);
    assertFalse(message.contains("\n"));
  }
}
