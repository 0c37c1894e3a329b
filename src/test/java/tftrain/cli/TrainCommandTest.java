package tftrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;
import tftrain.report.EpochMetrics;
import tftrain.report.MetricsCsv;
import tftrain.testing.TestImages;
import tftrain.testing.TestRuns;
import tftrain.train.Checkpoint;
import tftrain.train.TrainingState;

class TrainCommandTest {

  private static final String[] SMALL_RUN = {
    "--image-size", "63", "-b", "8", "--seed", "3", "--no-progress", "--precision", "fp32"
  };

  private static String[] args(String... head) {
    String[] all = new String[head.length + SMALL_RUN.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(SMALL_RUN, 0, all, head.length, SMALL_RUN.length);
    return all;
  }

  @Test
  @Tag("slow")
  void realAlexNetAt224TrainsAFewStepsEndToEnd(@TempDir Path temp) {
    Path data = TestImages.trainValFolders(temp.resolve("data"), 2, 6, 2, 230, 9);
    Path run = temp.resolve("run");
    var result = Run.of("train", "--data", data.toString(), "-o", run.toString(), "--epochs", "1",
        "-b", "4", "--max-batches", "2", "--no-progress", "--seed", "1", "--trace-step", "2");
    assertEquals(0, result.exitCode(), result.err());
    assertTrue(result.out().contains("58,289,538 parameters, input 224×224"), result.out());
    assertTrue(result.out().contains("seed 1; val, best/ and last/ use the weight average (--ema-decay 0.99)"),
        "the default's average is named where the run starts: " + result.out());
    assertTrue(result.out().contains("Timeline of step 2:\n  step ") && result.out().contains("ms after backprop"),
        "--trace-step prints the step's timeline: " + result.out());
    assertTrue(result.out().contains("Epoch 1/1 lr 0.01 loss "), result.out());
    assertTrue(Files.isRegularFile(run.resolve("best/saved_model.pb")));
    assertTrue(Files.isRegularFile(run.resolve("accuracy.png")));
  }

  @Test
  @Tag("slow")
  void killedRunLeavesALoadableBestAndResumesToTheEnd(@TempDir Path temp) throws Exception {
    Path data = TestImages.trainValFolders(temp.resolve("data"), 2, 40, 8, 70, 4);
    Path run = temp.resolve("run");
    Path log = temp.resolve("first.log");
    Process training = TestRuns.tftrain(temp, args("train", "--data", data.toString(), "-o", run.toString(),
        "--epochs", "5"))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    // The epoch line comes after the epoch's files and checkpoint: the kill lands in epoch 3.
    TestRuns.awaitLine(training, log, "Epoch 2/5 ", 120);
    training.destroyForcibly().waitFor();

    try (SavedModelBundle best = SavedModelBundle.load(run.resolve("best").toString(), "serve")) {
      assertEquals(2, best.signatures().size());
    }

    TestRuns.Finished resumed = TestRuns.run(temp, 180, "train", "--resume", run.toString(), "--no-progress");
    assertEquals(0, resumed.exitCode(), resumed.out() + resumed.err());
    assertTrue(resumed.out().contains("Resuming " + run + " after epoch"), resumed.out());
    List<Integer> epochs = MetricsCsv.read(run.resolve("metrics.csv")).stream().map(EpochMetrics::epoch).toList();
    assertEquals(List.of(1, 2, 3, 4, 5), epochs);
    try (var files = Files.list(run)) {
      assertTrue(files.noneMatch(path -> path.getFileName().toString().startsWith(".")), "leftovers cleaned");
    }
  }

  @Test
  @Tag("slow")
  void sigtermWritesACheckpointAndSaysHowToResume(@TempDir Path temp) throws Exception {
    Path data = TestImages.trainValFolders(temp.resolve("data"), 2, 40, 8, 70, 4);
    Path run = temp.resolve("run");
    Path log = temp.resolve("train.log");
    Process training = TestRuns.tftrain(temp, args("train", "--data", data.toString(), "-o", run.toString(),
        "--epochs", "50"))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    TestRuns.awaitLine(training, log, "Epoch 1/50 ", 120);
    training.destroy();
    assertTrue(training.waitFor(60, TimeUnit.SECONDS));
    String output = Files.readString(log);
    assertEquals(130, training.exitValue(), output);
    // The tests run from target/classes, not a jar: the hint names the command, not a jar path.
    assertTrue(output.contains("Resume with: tftrain train --resume " + run), output);

    TrainingState stopped = Checkpoint.readState(run);
    assertTrue(stopped.epochsCompleted() >= 1);
    int nextEpoch = stopped.epochsCompleted() + 1;
    TestRuns.Finished finished =
        TestRuns.run(temp, 60, "train", "--resume", run.toString(), "--epochs", Integer.toString(nextEpoch));
    assertEquals(0, finished.exitCode(), finished.out() + finished.err());
    assertEquals(nextEpoch, MetricsCsv.read(run.resolve("metrics.csv")).size());
  }

  @Test
  @Tag("slow")
  void resumeRefusesChangedSettingsAndMissingRuns(@TempDir Path temp) throws Exception {
    var missing = Run.of("train", "--resume", temp.resolve("nope").toString());
    assertEquals(2, missing.exitCode());
    assertTrue(missing.err().startsWith("tftrain: error: run folder not found"), missing.err());
    Path empty = Files.createDirectories(temp.resolve("empty-run"));
    var noCheckpoint = Run.of("train", "--resume", empty.toString());
    assertEquals(2, noCheckpoint.exitCode());
    assertTrue(noCheckpoint.err().contains("no checkpoint to resume"), noCheckpoint.err());

    Path data = TestImages.trainValFolders(temp.resolve("data"), 2, 8, 4, 70, 4);
    Path run = temp.resolve("run");
    assertEquals(0, TestRuns.run(temp, 120, args("train", "--data", data.toString(), "-o", run.toString(),
        "--epochs", "1")).exitCode());
    var changed = Run.of("train", "--resume", run.toString(), "--epochs", "2", "--image-size", "64",
        "--precision", "bf16");
    assertEquals(2, changed.exitCode());
    assertTrue(changed.err().startsWith("tftrain: error: cannot resume with changed settings: --image-size 64"
        + " (the run's: 63), --precision bf16 (the run's: fp32)"), changed.err());
    // The run's own values repeated are not a change: this resume gets as far as "already finished".
    var same = Run.of("train", "--resume", run.toString(), "--image-size", "63", "--lr", "0.01", "--seed", "3",
        "--precision", "fp32", "-o", run.toString());
    assertTrue(same.err().contains("already finished its 1 epochs"), same.err());
    var moved = Run.of("train", "--resume", run.toString(), "-o", temp.resolve("elsewhere").toString());
    assertEquals(2, moved.exitCode());
    assertTrue(moved.err().contains("does not go with --resume"), moved.err());

    // A kill right after the checkpoint: summary, charts, events and metrics rows behind it get rebuilt.
    Files.delete(run.resolve("summary.json"));
    Files.delete(run.resolve("loss.png"));
    Files.writeString(run.resolve("metrics.csv"), String.join(",", MetricsCsv.HEADER) + "\n");
    org.apache.commons.io.FileUtils.deleteDirectory(run.resolve("events").toFile());
    Files.createDirectories(run.resolve(".last.tmp-0000")); // a dead run's temporary folder
    var finished = Run.of("train", "--resume", run.toString());
    assertEquals(2, finished.exitCode());
    assertTrue(finished.err().contains("already finished its 1 epochs"), finished.err());
    assertTrue(finished.err().contains("notice: repaired metrics.csv"), finished.err());
    assertEquals(1, MetricsCsv.read(run.resolve("metrics.csv")).size());
    assertTrue(Files.isRegularFile(run.resolve("loss.png")));
    assertTrue(Files.readString(run.resolve("summary.json")).contains("\"epochsCompleted\": 1"));
    assertEquals(java.util.Set.of(1L), tftrain.report.EventFiles.stepsWithTag(run.resolve("events"), "accuracy/val"));
    assertFalse(Files.exists(run.resolve(".last.tmp-0000")), "dead run's temporaries cleaned");
    assertFalse(Files.exists(run.resolve(tftrain.io.FolderLock.FILE)), "lock released");
    Files.createDirectories(data.resolve("train/green"));
    Files.createDirectories(data.resolve("val/green"));
    TestImages.imageFolder(data.resolve("train"), 3, 2, 70, 1);
    TestImages.imageFolder(data.resolve("val"), 3, 2, 70, 1);
    var otherClasses = Run.of("train", "--resume", run.toString(), "--epochs", "2");
    assertEquals(2, otherClasses.exitCode());
    assertTrue(otherClasses.err().contains("cannot resume: the run was trained on classes [blue, red]"),
        otherClasses.err());
  }

  @Test
  void aNegativeTraceStepIsRefusedBeforeAnythingIsWritten(@TempDir Path temp) {
    Path data = TestImages.trainValFolders(temp.resolve("data"), 2, 4, 2, 70, 4);
    var refused = Run.of("train", "--data", data.toString(), "-o", temp.resolve("out/run").toString(),
        "--trace-step", "-1");
    assertEquals(2, refused.exitCode());
    assertEquals("tftrain: error: --trace-step must be at least 0, got -1", refused.err().strip());
    assertFalse(Files.exists(temp.resolve("out")), "no run folder, not even its parent");
  }

  @Test
  @Tag("slow")
  void outputFolderRulesProtectWhatIsAlreadyThere(@TempDir Path temp) throws Exception {
    Path data = TestImages.trainValFolders(temp.resolve("data"), 2, 4, 2, 70, 4);
    Path foreign = Files.createDirectories(temp.resolve("mine"));
    Files.writeString(foreign.resolve("notes.txt"), "keep me");
    Files.createDirectories(foreign.resolve("best"));
    Files.writeString(foreign.resolve("best/precious.bin"), "mine");
    var refused = Run.of(args("train", "--data", data.toString(), "-o", foreign.toString(), "--epochs", "1"));
    assertEquals(2, refused.exitCode());
    assertTrue(refused.err().startsWith("tftrain: error: " + foreign + " is not empty and is not a tftrain run"
        + " (holds best, notes.txt); choose a new or empty folder, or pass --overwrite to replace best/ there"),
        refused.err());
    assertTrue(Files.exists(foreign.resolve("best/precious.bin")), "nothing touched");

    var overwritten = Run.of(args("train", "--data", data.toString(), "-o", foreign.toString(), "--epochs", "1",
        "--overwrite"));
    assertEquals(0, overwritten.exitCode(), overwritten.err());
    assertTrue(overwritten.err().contains("warning: --overwrite: replacing best/ in " + foreign), overwritten.err());
    assertEquals("keep me", Files.readString(foreign.resolve("notes.txt")), "only the run's own entries replaced");

    var ours = Run.of(args("train", "--data", data.toString(), "-o", foreign.toString(), "--epochs", "1"));
    assertEquals(2, ours.exitCode());
    assertTrue(ours.err().contains("already holds a tftrain run; continue it with --resume " + foreign
        + ", or pass --overwrite to start over"), ours.err());

    var empty = Run.of("train", "--data", data.toString(), "-o", "");
    assertEquals(2, empty.exitCode());
    assertTrue(empty.err().startsWith("tftrain: error: -o is empty (an unset shell variable?)"), empty.err());
    var file = Run.of("train", "--data", data.toString(), "-o", foreign.resolve("notes.txt").toString());
    assertEquals(2, file.exitCode());
    assertTrue(file.err().contains("is a file, not a folder"), file.err());
  }

  @Test
  void aRunFolderInUseIsRefusedAtOnceNamingItsHolder(@TempDir Path temp) throws Exception {
    Path data = TestImages.trainValFolders(temp.resolve("data"), 2, 4, 2, 70, 4);
    Path run = temp.resolve("run");
    try (var lock = tftrain.io.FolderLock.acquire(run, "train", notice -> {})) {
      var second = Run.of(args("train", "--data", data.toString(), "-o", run.toString(), "--epochs", "1"));
      assertEquals(2, second.exitCode());
      assertTrue(second.err().startsWith("tftrain: error: " + run + " is in use by process "
          + ProcessHandle.current().pid()), second.err());
      var resume = Run.of("train", "--resume", run.toString());
      assertEquals(2, resume.exitCode());
      assertTrue(resume.err().contains("is in use by process"), resume.err());
    }
  }

  @Test
  void valSplitOnATrainValLayoutIsRefused(@TempDir Path temp) {
    Path data = TestImages.trainValFolders(temp.resolve("data"), 2, 4, 2, 70, 4);
    var split = Run.of(args("train", "--data", data.toString(), "--val-split", "0.3",
        "-o", temp.resolve("r").toString()));
    assertEquals(2, split.exitCode());
    assertTrue(split.err().startsWith("tftrain: error: " + data + " already has train/ and val/ folders: drop"
        + " --val-split to use them"), split.err());
  }

  @Test
  void noRunFolderOrCacheInsideTheTrainingDataAndNoValidationOnTheTrainingImages(@TempDir Path temp) throws Exception {
    Path data = TestImages.trainValFolders(temp.resolve("data"), 2, 4, 2, 70, 4);
    var output = Run.of(args("train", "--data", data.toString(), "-o", data.resolve("train/zzz").toString()));
    assertEquals(2, output.exitCode(), output.err());
    assertTrue(output.err().contains("-o " + data.resolve("train/zzz") + ": it is inside the input "
        + data.resolve("train")),
        output.err());
    var cache = Run.of(args("train", "--data", data.toString(), "--cache", data.resolve("val/zcache").toString(),
        "-o", temp.resolve("run").toString(), "--epochs", "1"));
    assertEquals(2, cache.exitCode(), cache.err());
    assertTrue(cache.err().contains("--cache " + data.resolve("val/zcache") + ": it is inside the input"), cache.err());
    assertFalse(Files.exists(data.resolve("train/zzz")) || Files.exists(data.resolve("val/zcache")));

    Path alias = Files.createSymbolicLink(temp.resolve("alias"), data.resolve("train"));
    var leak = Run.of(args("train", "--train-dir", data.resolve("train").toString(), "--val-dir", alias.toString(),
        "-o", temp.resolve("run2").toString(), "--epochs", "1"));
    assertEquals(2, leak.exitCode(), leak.err());
    assertTrue(leak.err().contains("--val-dir " + alias + " is the same folder as --train-dir"), leak.err());
  }

  @Test
  void aRunKeepsItsDataPathAbsoluteAndResumeRefusesDataThatChanged(@TempDir Path temp) throws Exception {
    Path workDir = Files.createDirectories(temp.resolve("work"));
    Path data = TestImages.trainValFolders(workDir.resolve("data"), 2, 4, 2, 70, 4);
    Path run = temp.resolve("run");
    var first = TestRuns.run(workDir, 180, args("train", "--data", "data", "--epochs", "1", "-o", run.toString()));
    assertEquals(0, first.exitCode(), first.err());
    assertTrue(Files.readString(run.resolve("checkpoint/state.json")).contains(data.resolve("train").toString()),
        "stored absolute");

    Files.copy(data.resolve("train/blue/blue.0.jpg"), data.resolve("train/blue/extra.jpg"));
    var changed = Run.of("train", "--resume", run.toString(), "--epochs", "2", "--no-progress");
    assertEquals(2, changed.exitCode(), changed.err());
    assertTrue(changed.err().contains("cannot resume: the data in " + data.resolve("train") + " and "
        + data.resolve("val")
        + " is not the run's: 1 image(s) added (train/blue/extra.jpg), 0 removed"), changed.err());
    var given = Run.of("train", "--resume", run.toString(), "--epochs", "2", "--no-progress",
        "--data", data.toString());
    assertEquals(0, given.exitCode(), given.err());
    assertTrue(given.err().contains("notice: the data in"), given.err());
  }

  @Test
  void aRunThatFailsBeforeItsFirstEpochLeavesNothingThatNeedsOverwrite(@TempDir Path temp) throws Exception {
    Path data = TestImages.trainValFolders(temp.resolve("data"), 2, 4, 2, 70, 4);
    java.util.Map<Path, byte[]> originals = new java.util.HashMap<>();
    for (Path image : tftrain.data.ImageFiles.listRecursively(data.resolve("train/red"))) {
      originals.put(image, Files.readAllBytes(image));
      Files.write(image, java.util.Arrays.copyOf(originals.get(image), 40));
    }
    Path run = temp.resolve("run");
    String[] command = args("train", "--data", data.toString(), "-o", run.toString(), "--epochs", "1");
    var failed = Run.of(command);
    assertEquals(2, failed.exitCode(), failed.err());
    assertFalse(Files.exists(run), "nothing of the failed start, not even the folder it made");
    for (var original : originals.entrySet()) {
      Files.write(original.getKey(), original.getValue());
    }
    var again = Run.of(command);
    assertEquals(0, again.exitCode(), again.err());
  }
}
