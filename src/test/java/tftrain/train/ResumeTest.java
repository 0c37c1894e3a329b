package tftrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.BadInputException;
import tftrain.data.TrainValData;
import tftrain.report.EpochMetrics;
import tftrain.report.MetricsCsv;
import tftrain.testing.TestConfigs;
import tftrain.testing.TestImages;

class ResumeTest {

  /** Stops the run after a number of training steps, as Ctrl-C would. */
  static final class StopAfterSteps implements TrainingListener, java.util.function.BooleanSupplier {
    private final int stopAfter;
    private final AtomicInteger steps = new AtomicInteger();
    final List<EpochMetrics> epochs = new ArrayList<>();

    StopAfterSteps(int stopAfter) {
      this.stopAfter = stopAfter;
    }

    @Override
    public void onStep(long imagesDone, double runningLoss, double runningAccuracy) {
      steps.incrementAndGet();
    }

    @Override
    public void onEpochEnd(EpochEnd end) {
      epochs.add(end.metrics());
    }

    @Override
    public boolean getAsBoolean() {
      return steps.get() >= stopAfter;
    }
  }

  @Test
  @Tag("slow")
  void interruptedMidEpochAndResumedGivesTheStraightRunsLosses(@TempDir Path temp) throws Exception {
    Path data = TestImages.trainValFolders(temp.resolve("data"), 2, 20, 6, 70, 5);
    assertEquals(15, resumedEqualsStraight(TestConfigs.small(data, 3, 8), data, temp).state().globalStep());
  }

  @Test
  @Tag("slow")
  void withEveryLearningIngredientOnAResumedRunStillEqualsTheStraightOne(@TempDir Path temp) throws Exception {
    Path data = TestImages.trainValFolders(temp.resolve("data"), 2, 20, 6, 70, 5);
    TrainingConfig config = TestConfigs.smallBuilder(data, 3, 8).lrSchedule(RateSchedule.PLATEAU).lrPatience(1)
        .weightDecay(0.0005, false).labelSmoothing(0.1).emaDecay(0.5).build();
    Trainer.Outcome resumed = resumedEqualsStraight(config, data, temp);

    // The average is what validation and the checkpoint see: the same training, other validation numbers.
    StopAfterSteps raw = new StopAfterSteps(Integer.MAX_VALUE);
    new Trainer(Trainer.Setup.single(config.toBuilder().emaDecay(0.0).build(), TrainValData.fromDataDir(data),
        temp.resolve("raw")), raw, raw).run(null);
    EpochMetrics averagedFirst = resumed.state().history().get(0);
    assertEquals(raw.epochs.get(0).trainLoss(), averagedFirst.trainLoss(), 1e-4, "averaging does not change training");
    assertTrue(Math.abs(raw.epochs.get(0).valLoss() - averagedFirst.valLoss()) > 1e-6,
        "validated with the average: " + raw.epochs.get(0).valLoss() + " vs " + averagedFirst.valLoss());
  }

  /**
   * Trains {@code config} straight, and again interrupted at step 2 of epoch 2 and resumed; asserts that
   * every epoch's losses and rate agree, and returns the resumed run's outcome.
   */
  private static Trainer.Outcome resumedEqualsStraight(TrainingConfig config, Path data, Path temp) throws Exception {
    TrainValData images = TrainValData.fromDataDir(data);

    StopAfterSteps never = new StopAfterSteps(Integer.MAX_VALUE);
    new Trainer(Trainer.Setup.single(config, images, temp.resolve("straight")), never, never).run(null);

    Path run = temp.resolve("interrupted");
    StopAfterSteps stopInEpochTwo = new StopAfterSteps(7); // 5 steps per epoch: stops at step 2 of epoch 2
    Trainer.Outcome first = new Trainer(Trainer.Setup.single(config, images, run),
            stopInEpochTwo, stopInEpochTwo).run(null);
    assertTrue(first.interrupted());
    TrainingState saved = Checkpoint.readState(run);
    assertEquals(1, saved.epochsCompleted());
    assertEquals(2, saved.inProgress().stepsDone());

    StopAfterSteps resumed = new StopAfterSteps(Integer.MAX_VALUE);
    Trainer.Outcome second = new Trainer(Trainer.Setup.single(config, images, run), resumed, resumed).run(saved);
    assertTrue(!second.interrupted());

    List<EpochMetrics> straight = never.epochs;
    List<EpochMetrics> pieced = MetricsCsv.read(run.resolve("metrics.csv"));
    assertEquals(3, pieced.size(), "metrics.csv appended, one row per epoch");
    for (int i = 0; i < 3; i++) {
      assertEquals(straight.get(i).trainLoss(), pieced.get(i).trainLoss(), 1e-4, "train loss, epoch " + (i + 1));
      assertEquals(straight.get(i).valLoss(), pieced.get(i).valLoss(), 1e-4, "val loss, epoch " + (i + 1));
      assertEquals(straight.get(i).valAccuracy(), pieced.get(i).valAccuracy(), 0, "val acc, epoch " + (i + 1));
      assertEquals(straight.get(i).learningRate(), pieced.get(i).learningRate(), 0);
    }
    return second;
  }

  @Test
  @Tag("slow")
  void missingOrDamagedCheckpointsAreClearErrors(@TempDir Path temp) throws Exception {
    BadInputException none = assertThrows(BadInputException.class, () -> Checkpoint.readState(temp));
    assertTrue(none.getMessage().contains("no checkpoint to resume"), none.getMessage());

    Path data = TestImages.trainValFolders(temp.resolve("data"), 2, 8, 4, 70, 6);
    Path run = temp.resolve("run");
    TrainingConfig config = TestConfigs.small(data, 1, 1);
    new Trainer(Trainer.Setup.single(config, TrainValData.fromDataDir(data), run),
            new TrainingListener() {}, () -> false).run(null);

    Path state = Checkpoint.folder(run).resolve(Checkpoint.STATE_FILE);
    String good = Files.readString(state);
    Files.writeString(state, good.substring(0, good.length() / 2));
    BadInputException damaged = assertThrows(BadInputException.class, () -> Checkpoint.readState(run));
    assertTrue(damaged.getMessage().contains("damaged"), damaged.getMessage());
    Files.writeString(state, good);

    Path data0 = Checkpoint.folder(run).resolve("variables.data-00000-of-00001");
    byte[] weights = Files.readAllBytes(data0);
    Files.write(data0, java.util.Arrays.copyOf(weights, weights.length / 2));
    try (TrainingGraph graph = new TrainingGraph(new TrainingGraph.Settings(config.model().modelSpec(2), 0.5,
            new MomentumSgd(0.9), new GradientClipping(5), config.compute()), Replica.SOLE)) {
      BadInputException truncated =
          assertThrows(BadInputException.class, () -> graph.restore(Checkpoint.variablesPrefix(run)));
      assertTrue(truncated.getMessage().startsWith("cannot read the weights"), truncated.getMessage());
    }

    Files.delete(Checkpoint.folder(run).resolve("variables.index"));
    assertThrows(BadInputException.class, () -> Checkpoint.readState(run));
  }
}
