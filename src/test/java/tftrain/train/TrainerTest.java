package tftrain.train;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;
import tftrain.data.TrainValData;
import tftrain.data.TrainingCrop;
import tftrain.report.EpochMetrics;
import tftrain.report.MetricsCsv;
import tftrain.runtime.Precision;
import tftrain.serving.ModelMetadata;
import tftrain.testing.TestConfigs;
import tftrain.testing.TestImages;

class TrainerTest {

  static final class Recorder implements TrainingListener {
    final List<EpochMetrics> epochs = new ArrayList<>();

    @Override
    public void onEpochEnd(EpochEnd end) {
      epochs.add(end.metrics());
    }
  }

  @Test
  @Tag("slow")
  void aDivergingRunStopsWithAClearErrorAndKeepsTheLastGoodModel(@TempDir Path temp) throws Exception {
    Path data = TestImages.trainValFolders(temp.resolve("data"), 2, 16, 4, 70, 3);
    Path run = temp.resolve("run");
    TrainingConfig good = TestConfigs.small(data, 1, 2);
    new Trainer(Trainer.Setup.single(good, TrainValData.fromDataDir(data), run),
            new Recorder(), () -> false).run(null);
    TrainingState afterOneEpoch = Checkpoint.readState(run);
    // A huge rate without clipping: the weights blow up within a few steps.
    TrainingConfig wild = good.toBuilder().epochs(3)
        .schedule(new LearningRateSchedule(new int[0], new double[] {1e6})).clipNorm(0.0).build();
    TrainingDivergedException diverged = org.junit.jupiter.api.Assertions.assertThrows(TrainingDivergedException.class,
        () -> new Trainer(Trainer.Setup.single(wild, TrainValData.fromDataDir(data), run),
                new Recorder(), () -> false).run(afterOneEpoch));
    assertTrue(diverged.getMessage().startsWith("the loss became NaN at epoch 2"), diverged.getMessage());
    assertTrue(diverged.getMessage().contains("best/ keeps epoch 1"), diverged.getMessage());
    assertEquals(1, Checkpoint.readState(run).epochsCompleted(), "the checkpoint still holds the good epoch");
    assertEquals(1, ModelMetadata.readFrom(run.resolve("best")).epoch());
  }

  @Test
  @Tag("slow")
  void aRunThroughTheDecodedImageCacheTrainsOnTheSameNumbers(@TempDir Path temp) throws Exception {
    Path data = TestImages.trainValFolders(temp.resolve("data"), 2, 12, 4, 70, 5);
    Path cache = temp.resolve("cache");
    TrainingConfig plain = TestConfigs.small(data, 2, 21);
    TrainingConfig cached = plain.toBuilder().cacheDir(cache.toString()).build();
    Recorder withoutCache = new Recorder();
    new Trainer(Trainer.Setup.single(plain, TrainValData.fromDataDir(data), temp.resolve("plain")),
            withoutCache, () -> false).run(null);
    Recorder filling = new Recorder();
    new Trainer(Trainer.Setup.single(cached, TrainValData.fromDataDir(data), temp.resolve("filling")),
            filling, () -> false).run(null);
    Recorder reading = new Recorder();
    new Trainer(Trainer.Setup.single(cached, TrainValData.fromDataDir(data), temp.resolve("reading")),
            reading, () -> false).run(null);
    assertEquals(withoutCache.epochs.stream().map(TrainerTest::withoutTime).toList(),
        filling.epochs.stream().map(TrainerTest::withoutTime).toList());
    assertEquals(withoutCache.epochs.stream().map(TrainerTest::withoutTime).toList(),
        reading.epochs.stream().map(TrainerTest::withoutTime).toList());
    try (var entries = Files.walk(cache)) {
      assertEquals(32, entries.filter(file -> file.toString().endsWith(".f32")).count(), "train and val images");
    }
  }

  @Test
  @Tag("slow")
  void randomCropsTrainFromCachedSquaresWhileValidationKeepsTheCentre(@TempDir Path temp) throws Exception {
    Path data = TestImages.trainValFolders(temp.resolve("data"), 2, 12, 4, 70, 5);
    Path cache = temp.resolve("cache");
    TrainingConfig cropping = TestConfigs.small(data, 2, 21).toBuilder()
        .crop(TrainingCrop.RANDOM).colorJitter(0.2).cacheDir(cache.toString()).build();
    TrainingConfig centre = cropping.toBuilder().crop(TrainingCrop.CENTER).colorJitter(0)
        .cacheDir(temp.resolve("centre-cache").toString()).build();
    Recorder cropped = new Recorder();
    new Trainer(Trainer.Setup.single(cropping, TrainValData.fromDataDir(data), temp.resolve("cropped")),
            cropped, () -> false).run(null);
    Recorder again = new Recorder();
    new Trainer(Trainer.Setup.single(cropping, TrainValData.fromDataDir(data), temp.resolve("again")),
            again, () -> false).run(null);
    Recorder plain = new Recorder();
    new Trainer(Trainer.Setup.single(centre, TrainValData.fromDataDir(data), temp.resolve("plain")),
            plain, () -> false).run(null);
    assertEquals(2, cropped.epochs.size());
    // The crops are drawn from the step seeds: the same run again gives the same numbers, through the cache.
    assertEquals(cropped.epochs.stream().map(TrainerTest::withoutTime).toList(),
        again.epochs.stream().map(TrainerTest::withoutTime).toList());
    assertNotEquals(withoutTime(plain.epochs.get(0)), withoutTime(cropped.epochs.get(0)),
        "crops change what training sees");
    long side = cropping.model().resize();
    long imageSide = cropping.model().imageSize();
    try (var entries = Files.walk(cache)) {
      List<Long> sizes = entries.filter(file -> file.toString().endsWith(".f32"))
          .map(file -> file.toFile().length()).toList();
      // Training images cached as whole squares, validation images as centre crops: one entry each.
      assertEquals(24, sizes.stream().filter(size -> size >= side * side * 3 * 4).count(),
          "training squares: " + sizes);
      assertEquals(8,
          sizes.stream().filter(size -> size < side * side * 3 * 4 && size >= imageSide * imageSide * 3 * 4).count(),
          "validation centres");
    }
  }

  /** An epoch's numbers without its wall-clock fields, which differ between any two runs. */
  private static String withoutTime(EpochMetrics metrics) {
    return String.format(java.util.Locale.ROOT, "%d %.9f %.9f %.9f %.9f %.9f", metrics.epoch(), metrics.trainLoss(),
        metrics.trainAccuracy(), metrics.valLoss(), metrics.valAccuracy(), metrics.learningRate());
  }

  @Test
  @Tag("slow")
  void learnsSeparableClassesAndWritesEveryOutput(@TempDir Path temp) throws Exception {
    Path data = TestImages.trainValFolders(temp.resolve("data"), 2, 40, 8, 70, 3);
    Path run = temp.resolve("run");
    Recorder recorder = new Recorder();
    TrainingConfig config = TestConfigs.small(data, 5, 11);
    Trainer.Outcome outcome =
        new Trainer(Trainer.Setup.single(config, TrainValData.fromDataDir(data), run),
                recorder, () -> false).run(null);

    assertFalse(outcome.interrupted());
    List<EpochMetrics> epochs = recorder.epochs;
    assertEquals(5, epochs.size());
    assertTrue(epochs.get(4).trainLoss() < epochs.get(0).trainLoss(), "loss falls: " + epochs);
    assertTrue(epochs.get(4).valAccuracy() > 0.75, "above chance: " + epochs);
    assertEquals(0.02, epochs.get(3).learningRate(), 1e-9);
    assertEquals(0.002, epochs.get(4).learningRate(), 1e-9, "schedule switched after epoch 4");

    for (String file : List.of("metrics.csv", "summary.json", "loss.png", "accuracy.png", "mistakes.png",
        "checkpoint/state.json", "best/saved_model.pb", "last/saved_model.pb", "last/assets.extra/labels.txt")) {
      assertTrue(Files.isRegularFile(run.resolve(file)), file);
    }
    assertEquals(epochs, MetricsCsv.read(run.resolve("metrics.csv")));
    assertEquals("blue\nred\n", Files.readString(run.resolve("last/assets.extra/labels.txt")));
    ModelMetadata best = ModelMetadata.readFrom(run.resolve("best"));
    assertEquals(outcome.state().bestEpoch(), best.epoch());
    try (SavedModelBundle bundle = SavedModelBundle.load(run.resolve("best").toString(), "serve")) {
      assertEquals(2, bundle.signatures().size());
    }
    try (var events = Files.list(run.resolve("events"))) {
      assertTrue(events.anyMatch(path -> path.getFileName().toString().startsWith("events.out.tfevents")),
          "TensorBoard event file");
    }
    try (var leftovers = Files.list(run)) {
      assertTrue(leftovers.noneMatch(path -> path.getFileName().toString().startsWith(".")), "no temporary files left");
    }
  }

  @Test
  void aClassWhoseImagesAllFailToDecodeStopsTheRunInsteadOfTrainingWithoutIt(@TempDir Path temp) throws Exception {
    Path data = TestImages.trainValFolders(temp.resolve("data"), 2, 8, 2, 70, 9);
    TestImages.cutInHalf(data.resolve("train/red"));
    tftrain.BadInputException refused = org.junit.jupiter.api.Assertions.assertThrows(tftrain.BadInputException.class,
        () -> new Trainer(Trainer.Setup.single(TestConfigs.small(data, 1, 1), TrainValData.fromDataDir(data),
            temp.resolve("run")), new Recorder(), () -> false).run(null));
    assertTrue(refused.getMessage().startsWith("class 'red' in the training images has no image that decodes"
        + " (8 of 8 skipped"),
        refused.getMessage());
  }
}
