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
import java.util.stream.Collectors;
import tftrain.report.EpochMetrics;
import tftrain.report.MetricsCsv;
import tftrain.testing.TestRuns;

/**
 * Multi-worker jobs for tests: every worker a real JVM running the CLI, on free 127.0.0.1 ports, its
 * output in a log file; and what the workers print, read back.
 */
final class WorkerJobs {

  /** Small and deterministic: no dropout (masks differ between a split and a whole batch), one thread each. */
  static final List<String> RUN = List.of(
      "train", "--image-size", "63", "-b", "8", "--seed", "5", "--dropout", "0", "--no-progress",
      "--precision", "fp32", "--threads", "1");
  private static final Pattern CHECKSUM = Pattern.compile("epoch (\\d+)\\S* .*weights crc32 ([0-9a-f]{8})");

  private WorkerJobs() {}

  /** {@link #RUN} on {@code data}, then {@code more}. */
  static List<String> args(Path data, String... more) {
    List<String> args = new ArrayList<>(RUN);
    args.addAll(List.of("--data", data.toString()));
    args.addAll(List.of(more));
    return args;
  }

  /** A --cluster list of {@code workers} ports on 127.0.0.1 that were free a moment ago. */
  static String freeCluster(int workers) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < workers; i++) {
        sockets.add(new ServerSocket(0)); // all open at once, so no port comes twice
      }
      return sockets.stream().map(socket -> "127.0.0.1:" + socket.getLocalPort()).collect(Collectors.joining(","));
    } finally {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
  }

  /** The TF_CONFIG of worker {@code task} of {@code cluster}. */
  static String tfConfig(String cluster, int task) {
    String workers = "\"" + String.join("\",\"", cluster.split(",")) + "\"";
    return "{\"cluster\":{\"worker\":[" + workers + "]},\"task\":{\"type\":\"worker\",\"index\":" + task + "}}";
  }

  /** Starts {@code tftrain ARGS} (with {@code tfConfig} if not null), its stdout and stderr into {@code log}. */
  static Process start(Path dir, List<String> args, String tfConfig, Path log) throws IOException {
    ProcessBuilder builder = TestRuns.tftrain(dir, args.toArray(String[]::new));
    if (tfConfig != null) {
      builder.environment().put("TF_CONFIG", tfConfig);
    }
    return builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Waits for {@code process} to end with {@code expectedExit}; returns its output. */
  static String finish(Process process, Path log, int expectedExit) throws Exception {
    if (!process.waitFor(240, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("worker did not finish: " + Files.readString(log));
    }
    String output = Files.readString(log);
    assertEquals(expectedExit, process.exitValue(), output);
    return output;
  }

  /** "epoch:crc32" of the weights after every epoch, from a worker's output. */
  static List<String> checksums(String output) {
    List<String> sums = new ArrayList<>();
    for (String line : output.lines().toList()) {
      Matcher matcher = CHECKSUM.matcher(line);
      if (matcher.find()) {
        sums.add(matcher.group(1) + ":" + matcher.group(2));
      }
    }
    return sums;
  }

  /**
   * Task {@code task}'s command of a job training {@code data} into {@code run} for {@code epochs}, 30 s per
   * collective.
   */
  static List<String> taskArgs(Path data, Path run, int epochs, String cluster, int task) {
    return args(data, "-o", run.toString(), "--epochs", Integer.toString(epochs), "--collective-timeout", "30",
        "--cluster", cluster, "--task", Integer.toString(task));
  }

  /** The lines the CLI prints for an error ("tftrain: error: …", "tftrain: failed: …"). */
  static List<String> errorLines(String output) {
    return output.lines().filter(line -> line.startsWith("tftrain:")).toList();
  }

  /**
   * Runs a job of {@code workers} workers for 2 epochs to the end, through --cluster/--task or TF_CONFIG,
   * checks that they held bit-identical weights after every epoch, and returns the chief's metrics.
   */
  static List<EpochMetrics> trainToTheEnd(Path temp, String name, Path data, int workers, boolean viaTfConfig)
      throws Exception {
    String cluster = freeCluster(workers);
    Path run = temp.resolve(name);
    List<Process> processes = new ArrayList<>();
    for (int task = 0; task < workers; task++) {
      List<String> args = args(data, "-o", run.toString(), "--epochs", "2");
      if (!viaTfConfig) {
        args.addAll(List.of("--cluster", cluster, "--task", Integer.toString(task)));
      }
      processes.add(start(temp, args, viaTfConfig ? tfConfig(cluster, task) : null,
          temp.resolve(name + task + ".log")));
    }
    String chief = finish(processes.get(0), temp.resolve(name + "0.log"), 0);
    assertTrue(chief.contains("Cluster: worker 0 of " + workers), chief);
    List<String> chiefSums = checksums(chief);
    assertEquals(2, chiefSums.size(), chief);
    for (int task = 1; task < workers; task++) {
      String other = finish(processes.get(task), temp.resolve(name + task + ".log"), 0);
      assertTrue(other.contains("Worker " + task + ": epoch 2/2 loss"), other);
      assertEquals(chiefSums, checksums(other), "bit-identical weights after every epoch, task " + task);
    }
    assertTrue(Files.isRegularFile(run.resolve("best/saved_model.pb")), "the chief writes the run folder");
    return MetricsCsv.read(run.resolve("metrics.csv"));
  }

  /** The metrics of one process training {@code data} for 2 epochs of at most 4 batches: what a cluster must equal. */
  static List<EpochMetrics> oneProcess(Path temp, Path data) throws Exception {
    Path single = temp.resolve("single");
    TestRuns.Finished one = TestRuns.run(temp, 240,
        args(data, "-o", single.toString(), "--epochs", "2", "--max-batches", "4").toArray(String[]::new));
    assertEquals(0, one.exitCode(), one.out() + one.err());
    return MetricsCsv.read(single.resolve("metrics.csv"));
  }

  /** A cluster's 2 epochs equal one process's: losses to round-off (the sums' order differs), accuracies exactly. */
  static void assertSameEpochs(List<EpochMetrics> expected, List<EpochMetrics> cluster) {
    assertEquals(2, cluster.size());
    for (int i = 0; i < 2; i++) {
      String epoch = "epoch " + (i + 1);
      assertEquals(expected.get(i).trainLoss(), cluster.get(i).trainLoss(), 1e-4,
          "train loss vs one process, " + epoch);
      assertEquals(expected.get(i).trainAccuracy(), cluster.get(i).trainAccuracy(), 1e-9, epoch);
      assertEquals(expected.get(i).valLoss(), cluster.get(i).valLoss(), 1e-4, "val loss vs one process, " + epoch);
      assertEquals(expected.get(i).valAccuracy(), cluster.get(i).valAccuracy(), 1e-9, epoch);
    }
  }
}
