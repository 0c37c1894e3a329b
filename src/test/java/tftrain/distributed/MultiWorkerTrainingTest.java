package tftrain.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  /** Small and deterministic: no dropout (masks differ between a split and a whole batch), one thread each. */
  private static final List<String> RUN = List.of(
      "train", "--image-size", "63", "-b", "8", "--seed", "5", "--dropout", "0", "--no-progress",
      "--precision", "fp32", "--threads", "1");
  private static final Pattern CHECKSUM = Pattern.compile("epoch (\\d+)\\S* .*weights crc32 ([0-9a-f]{8})");

  private static List<String> args(Path data, String... more) {
    List<String> args = new ArrayList<>(RUN);
    args.addAll(List.of("--data", data.toString()));
    args.addAll(List.of(more));
    return args;
  }

  private static String freeCluster() throws IOException {
    try (ServerSocket first = new ServerSocket(0); ServerSocket second = new ServerSocket(0)) {
      return "127.0.0.1:" + first.getLocalPort() + ",127.0.0.1:" + second.getLocalPort();
    }
  }

  private static String tfConfig(String cluster, int task) {
    String[] workers = cluster.split(",");
    return "{\"cluster\":{\"worker\":[\"" + workers[0] + "\",\"" + workers[1] + "\"]},"
        + "\"task\":{\"type\":\"worker\",\"index\":" + task + "}}";
  }

  private static Process start(Path dir, List<String> args, String tfConfig, Path log) throws IOException {
    ProcessBuilder builder = TestRuns.tftrain(dir, args.toArray(String[]::new));
    if (tfConfig != null) {
      builder.environment().put("TF_CONFIG", tfConfig);
    }
    return builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static String finish(Process process, Path log, int expectedExit) throws Exception {
    assertTrue(process.waitFor(240, TimeUnit.SECONDS), "worker did not finish: " + Files.readString(log));
    String output = Files.readString(log);
    assertEquals(expectedExit, process.exitValue(), output);
    return output;
  }

  /** Epoch → weights checksum from a worker's output. */
  private static List<String> checksums(String output) {
    List<String> sums = new ArrayList<>();
    for (String line : output.lines().toList()) {
      Matcher matcher = CHECKSUM.matcher(line);
      if (matcher.find()) {
        sums.add(matcher.group(1) + ":" + matcher.group(2));
      }
    }
    return sums;
  }

  /** Runs a two-worker job to the end; returns the chief's metrics. */
  private static List<EpochMetrics> twoWorkers(Path temp, String name, Path data, boolean viaTfConfig) throws Exception {
    String cluster = freeCluster();
    Path run = temp.resolve(name);
    Process[] workers = new Process[2];
    for (int task = 0; task < 2; task++) {
      List<String> args = args(data, "-o", run.toString(), "--epochs", "2");
      if (!viaTfConfig) {
        args.addAll(List.of("--cluster", cluster, "--task", Integer.toString(task)));
      }
      workers[task] = start(temp, args, viaTfConfig ? tfConfig(cluster, task) : null, temp.resolve(name + task + ".log"));
    }
    String chief = finish(workers[0], temp.resolve(name + "0.log"), 0);
    String other = finish(workers[1], temp.resolve(name + "1.log"), 0);
    assertTrue(chief.contains("Cluster: worker 0 of 2"), chief);
    assertTrue(other.contains("Worker 1: epoch 2/2 loss"), other);
    List<String> chiefSums = checksums(chief);
    assertEquals(2, chiefSums.size(), chief);
    assertEquals(chiefSums, checksums(other), "bit-identical weights after every epoch");
    assertTrue(Files.isRegularFile(run.resolve("best/saved_model.pb")), "the chief writes the run folder");
    return MetricsCsv.read(run.resolve("metrics.csv"));
  }

  @Test
  void twoWorkersMatchOneProcessWithTheSameGlobalBatch(@TempDir Path temp) throws Exception {
    // 36 training images: 4 full global batches of 8 and a remainder of 4 that multi-worker mode drops.
    Path data = TestImages.trainValFolders(temp.resolve("data"), 2, 18, 5, 70, 21);
    Path single = temp.resolve("single");
    TestRuns.Finished one = TestRuns.run(temp, 240,
        args(data, "-o", single.toString(), "--epochs", "2", "--max-batches", "4").toArray(String[]::new));
    assertEquals(0, one.exitCode(), one.out() + one.err());
    List<EpochMetrics> expected = MetricsCsv.read(single.resolve("metrics.csv"));

    List<EpochMetrics> cluster = twoWorkers(temp, "cluster", data, false);
    List<EpochMetrics> tfConfig = twoWorkers(temp, "tfconfig", data, true);
    assertEquals(2, cluster.size());
    for (int i = 0; i < 2; i++) {
      String epoch = "epoch " + (i + 1);
      assertEquals(expected.get(i).trainLoss(), cluster.get(i).trainLoss(), 1e-4, "train loss vs one process, " + epoch);
      assertEquals(expected.get(i).trainAccuracy(), cluster.get(i).trainAccuracy(), 1e-9, epoch);
      assertEquals(expected.get(i).valLoss(), cluster.get(i).valLoss(), 1e-4, "val loss vs one process, " + epoch);
      assertEquals(expected.get(i).valAccuracy(), cluster.get(i).valAccuracy(), 1e-9, epoch);
      assertEquals(cluster.get(i).trainLoss(), tfConfig.get(i).trainLoss(), 1e-6, "TF_CONFIG run = --cluster run, " + epoch);
      assertEquals(cluster.get(i).valLoss(), tfConfig.get(i).valLoss(), 1e-6, epoch);
    }
  }

  @Test
  void aKilledWorkerStopsTheOtherWithOneLineAndTheJobResumes(@TempDir Path temp) throws Exception {
    Path data = TestImages.trainValFolders(temp.resolve("data"), 2, 40, 4, 70, 22);
    String cluster = freeCluster();
    Path run = temp.resolve("run");
    List<List<String>> commands = new ArrayList<>();
    for (int task = 0; task < 2; task++) {
      commands.add(args(data, "-o", run.toString(), "--epochs", "5", "--collective-timeout", "8",
          "--cluster", cluster, "--task", Integer.toString(task)));
    }
    Process chief = start(temp, commands.get(0), null, temp.resolve("chief.log"));
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

  @Test
  void workersThatSeeOtherClassesStopWithOneLineEach(@TempDir Path temp) throws Exception {
    Path chiefData = TestImages.trainValFolders(temp.resolve("two"), 2, 4, 2, 70, 23);
    Path workerData = TestImages.trainValFolders(temp.resolve("three"), 3, 4, 2, 70, 23);
    String cluster = freeCluster();
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
    String cluster = freeCluster();
    Path run = temp.resolve("run");
    Process[] workers = new Process[2];
    for (int task = 0; task < 2; task++) {
      // A rate so small that val_acc cannot change: no improvement after epoch 1, so patience 1 stops after epoch 2.
      List<String> args = args(data, "-o", run.toString(), "--epochs", "4", "--lr", "1e-12", "--warmup-steps", "0",
          "--early-stop-patience", "1", "--collective-timeout", "20", "--cluster", cluster, "--task", Integer.toString(task));
      workers[task] = start(temp, args, null, temp.resolve("early" + task + ".log"));
    }
    String chief = finish(workers[0], temp.resolve("early0.log"), 0);
    String other = finish(workers[1], temp.resolve("early1.log"), 0);
    assertTrue(chief.contains("Stopped early: val_acc did not improve"), chief);
    assertTrue(other.contains("Worker 1: epoch 2/4") && !other.contains("epoch 3/4") && other.contains("Worker 1 done."),
        other);
    assertEquals(List.of(1, 2), MetricsCsv.read(run.resolve("metrics.csv")).stream().map(EpochMetrics::epoch).toList());
  }
}
