package tftrain.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tftrain.distributed.WorkerJobs.args;
import static tftrain.distributed.WorkerJobs.checksums;
import static tftrain.distributed.WorkerJobs.finish;
import static tftrain.distributed.WorkerJobs.freeCluster;
import static tftrain.distributed.WorkerJobs.start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.report.MetricsCsv;
import tftrain.testing.TestImages;
import tftrain.testing.TestRuns;
import tftrain.report.EpochMetrics;

/**
 * Two workers on 127.0.0.1, each a real JVM running the CLI, as on two machines: they match one process
 * with the same global batch, hold bit-identical weights, and survive a killed worker by a clean failure
 * and a resume.
 */
@Tag("slow")
class MultiWorkerTrainingTest {

  @Test
  void twoWorkersMatchOneProcessWithTheSameGlobalBatch(@TempDir Path temp) throws Exception {
    // 36 training images: 4 full global batches of 8 and a remainder of 4 that multi-worker mode drops.
    Path data = TestImages.trainValFolders(temp.resolve("data"), 2, 18, 5, 70, 21);
    List<EpochMetrics> cluster = WorkerJobs.trainToTheEnd(temp, "cluster", data, 2, false);
    List<EpochMetrics> tfConfig = WorkerJobs.trainToTheEnd(temp, "tfconfig", data, 2, true);
    WorkerJobs.assertSameEpochs(WorkerJobs.oneProcess(temp, data), cluster);
    for (int i = 0; i < 2; i++) {
      String epoch = "epoch " + (i + 1);
      assertEquals(cluster.get(i).trainLoss(), tfConfig.get(i).trainLoss(), 1e-6,
          "TF_CONFIG run = --cluster run, " + epoch);
      assertEquals(cluster.get(i).valLoss(), tfConfig.get(i).valLoss(), 1e-6, epoch);
    }
  }

  @Test
  void aKilledWorkerStopsTheOtherWithOneLineAndTheJobResumes(@TempDir Path temp) throws Exception {
    Path data = TestImages.trainValFolders(temp.resolve("data"), 2, 40, 4, 70, 22);
    String cluster = freeCluster(2);
    Path run = temp.resolve("run");
    List<List<String>> commands = new ArrayList<>();
    for (int task = 0; task < 2; task++) {
      commands.add(args(data, "-o", run.toString(), "--epochs", "5", "--collective-timeout", "8",
          "--cluster", cluster, "--task", Integer.toString(task)));
    }
    // The chief as a user starts it, through the quiet launcher, which keeps TensorFlow's logs off the console.
    ProcessBuilder quietChief = TestRuns.tftrain(temp, commands.get(0).toArray(String[]::new));
    quietChief.environment().remove("TFTRAIN_CHILD");
    Process chief = quietChief.redirectErrorStream(true).redirectOutput(temp.resolve("chief.log").toFile()).start();
    Process worker = start(temp, commands.get(1), null, temp.resolve("worker.log"));
    // Both have printed epoch 1 (the chief's line comes after its checkpoint): the kill lands in epoch 2.
    TestRuns.awaitLine(chief, temp.resolve("chief.log"), "Epoch 1/5 ", 180);
    TestRuns.awaitLine(worker, temp.resolve("worker.log"), "Worker 1: epoch 1/5 ", 60);
    worker.destroyForcibly().waitFor();
    long killed = System.nanoTime();

    String chiefOutput = finish(chief, temp.resolve("chief.log"), 1);
    double secondsToFail = (System.nanoTime() - killed) / 1e9;
    assertTrue(secondsToFail < 8 + 15, "failed after " + secondsToFail + " s");
    List<String> errors = chiefOutput.lines().filter(line -> line.startsWith("tftrain:")).toList();
    assertEquals(1, errors.size(), chiefOutput);
    assertTrue(errors.get(0).contains("task 1 (" + cluster.split(",")[1] + ") is not reachable"), errors.get(0));
    assertFalse(errors.get(0).contains("From /job:"), "a detail that names no cause: " + errors.get(0));
    List<String> noise = chiefOutput.lines()
        .filter(line -> line.contains("grpc") || line.contains("created_time") || line.strip().startsWith("{"))
        .toList();
    assertEquals(List.of(), noise, "no gRPC status dump before the one line");

    List<String> resumeChief = new ArrayList<>(List.of("train", "--resume", run.toString(), "--no-progress",
        "--threads", "1", "--precision", "fp32", "--cluster", cluster, "--task", "0"));
    Process chiefAgain = start(temp, resumeChief, null, temp.resolve("chief2.log"));
    Process workerAgain = start(temp, commands.get(1), null, temp.resolve("worker2.log"));
    String resumed = finish(chiefAgain, temp.resolve("chief2.log"), 0);
    String workerResumed = finish(workerAgain, temp.resolve("worker2.log"), 0);
    assertTrue(resumed.contains("Resuming " + run + " after epoch"), resumed);
    assertTrue(workerResumed.contains("resuming after epoch"), workerResumed);
    assertEquals(List.of(1, 2, 3, 4, 5),
        MetricsCsv.read(run.resolve("metrics.csv")).stream().map(EpochMetrics::epoch).toList());
    List<String> chiefSums = checksums(resumed);
    assertEquals(chiefSums, checksums(workerResumed), "identical weights after the resume too");
  }

  /**
   * The learning ingredients in a cluster, across a resume: a worker other than the chief has no history
   * (the plateau's rate is the chief's) and no checkpoint (the averages come from the chief's), and still
   * holds the chief's weights bit for bit after every epoch.
   */
  @Test
  void withTheLearningIngredientsOnAResumedClusterStaysInLockstep(@TempDir Path temp) throws Exception {
    Path data = TestImages.trainValFolders(temp.resolve("data"), 2, 16, 2, 70, 23);
    Path run = temp.resolve("run");
    // A rate so small that val_acc stays put: the plateau divides the rate for epoch 3, after the resume.
    String[] ingredients = {"--lr", "0.000001", "--lr-schedule", "plateau", "--lr-patience", "1",
        "--weight-decay", "0.0005", "--label-smoothing", "0.1", "--ema-decay", "0.5", "--max-batches", "2"};
    for (int epochs = 2; epochs <= 3; epochs++) {
      String cluster = freeCluster(2);
      Process[] workers = new Process[2];
      for (int task = 0; task < 2; task++) {
        List<String> args = epochs == 3 && task == 0
            ? new ArrayList<>(List.of("train", "--resume", run.toString(), "--no-progress", "--threads", "1",
                "--precision", "fp32", "--epochs", "3"))
            : args(data, "-o", run.toString(), "--epochs", Integer.toString(epochs), "--collective-timeout", "30");
        args.addAll(List.of(ingredients));
        args.addAll(List.of("--cluster", cluster, "--task", Integer.toString(task)));
        workers[task] = start(temp, args, null, temp.resolve("ingredients" + epochs + task + ".log"));
      }
      String chief = finish(workers[0], temp.resolve("ingredients" + epochs + "0.log"), 0);
      String other = finish(workers[1], temp.resolve("ingredients" + epochs + "1.log"), 0);
      assertEquals(checksums(chief), checksums(other), "the same weights on both workers:\n" + chief + "\n" + other);
      assertEquals(epochs == 2 ? 2 : 1, checksums(chief).size(), chief);
    }
    List<EpochMetrics> metrics = MetricsCsv.read(run.resolve("metrics.csv"));
    assertEquals(List.of(1, 2, 3), metrics.stream().map(EpochMetrics::epoch).toList());
    double expectedThird = metrics.get(1).valAccuracy() > metrics.get(0).valAccuracy() ? 1e-6 : 1e-7;
    assertEquals(expectedThird, metrics.get(2).learningRate(), 1e-12, "the plateau rule over the chief's history");
  }

  @Test
  void workersThatSeeOtherClassesStopWithOneLineEach(@TempDir Path temp) throws Exception {
    Path chiefData = TestImages.trainValFolders(temp.resolve("two"), 2, 4, 2, 70, 23);
    Path workerData = TestImages.trainValFolders(temp.resolve("three"), 3, 4, 2, 70, 23);
    String cluster = freeCluster(2);
    Process[] workers = new Process[2];
    for (int task = 0; task < 2; task++) {
      List<String> args = args(task == 0 ? chiefData : workerData, "-o", temp.resolve("run").toString(),
          "--collective-timeout", "20", "--cluster", cluster, "--task", Integer.toString(task));
      workers[task] = start(temp, args, null, temp.resolve("mismatch" + task + ".log"));
    }
    for (int task = 0; task < 2; task++) {
      String output = finish(workers[task], temp.resolve("mismatch" + task + ".log"), 2);
      List<String> errors = output.lines().filter(line -> line.startsWith("tftrain:")).toList();
      assertEquals(1, errors.size(), output);
      assertTrue(errors.get(0).startsWith("tftrain: error: task 1 found other classes than the chief"), errors.get(0));
    }
    assertTrue(!Files.exists(temp.resolve("run/checkpoint")), "nothing trained");
  }

  @Test
  void theChiefsEarlyStoppingEndsEveryWorkerAfterTheSameEpoch(@TempDir Path temp) throws Exception {
    Path data = TestImages.trainValFolders(temp.resolve("data"), 2, 8, 2, 70, 24);
    String cluster = freeCluster(2);
    Path run = temp.resolve("run");
    Process[] workers = new Process[2];
    for (int task = 0; task < 2; task++) {
      // A rate so small that val_acc cannot change: no improvement after epoch 1, so patience 1 stops after epoch 2.
      List<String> args = args(data, "-o", run.toString(), "--epochs", "4", "--lr", "1e-12", "--warmup-steps", "0",
          "--early-stop-patience", "1", "--collective-timeout", "20", "--cluster", cluster,
          "--task", Integer.toString(task));
      workers[task] = start(temp, args, null, temp.resolve("early" + task + ".log"));
    }
    String chief = finish(workers[0], temp.resolve("early0.log"), 0);
    String other = finish(workers[1], temp.resolve("early1.log"), 0);
    assertTrue(chief.contains("Stopped early: val_acc did not improve"), chief);
    assertTrue(other.contains("Worker 1: epoch 2/4") && !other.contains("epoch 3/4")
        && other.contains("Worker 1 done."),
        other);
    assertEquals(List.of(1, 2), MetricsCsv.read(run.resolve("metrics.csv")).stream().map(EpochMetrics::epoch).toList());
  }
}
