package tftrain.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tftrain.distributed.WorkerJobs.args;
import static tftrain.distributed.WorkerJobs.checksums;
import static tftrain.distributed.WorkerJobs.errorLines;
import static tftrain.distributed.WorkerJobs.finish;
import static tftrain.distributed.WorkerJobs.freeCluster;
import static tftrain.distributed.WorkerJobs.start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.report.EpochMetrics;
import tftrain.report.MetricsCsv;
import tftrain.testing.TestImages;
import tftrain.testing.TestRuns;

/**
 * A cluster that cannot go on, end to end: a peer that never comes up, and the chief dying mid-training.
 * Each worker gives up by itself with one line naming the missing task, and the job resumes.
 */
@Tag("slow")
class ClusterFailureTest {

  private static final int STARTUP_SECONDS = 3;

  /** Worker 0 without worker 1, and worker 1 without the chief: both give up after --startup-timeout. */
  @Test
  void aWorkerWhosePeerNeverComesUpGivesUpAfterTheStartupTimeout(@TempDir Path temp) throws Exception {
    Path data = TestImages.trainValFolders(temp.resolve("data"), 2, 4, 2, 70, 31);
    List<String> clusters = List.of(freeCluster(2), freeCluster(2));
    List<Process> alone = new ArrayList<>();
    for (int task = 0; task < 2; task++) {
      // Each in a cluster of its own whose other task is never started.
      alone.add(start(temp, args(data, "-o", temp.resolve("run" + task).toString(), "--startup-timeout",
          Integer.toString(STARTUP_SECONDS), "--cluster", clusters.get(task), "--task", Integer.toString(task)),
          null, temp.resolve("alone" + task + ".log")));
    }
    try {
      for (int task = 0; task < 2; task++) {
        Path log = temp.resolve("alone" + task + ".log");
        TestRuns.awaitLine(alone.get(task), log, "Cluster: worker " + task + " of 2", 60);
        assertTrue(alone.get(task).waitFor(STARTUP_SECONDS + 20, TimeUnit.SECONDS),
            "task " + task + " still waits " + (STARTUP_SECONDS + 20) + " s after joining the cluster:\n"
                + Files.readString(log));
        String output = finish(alone.get(task), log, 1);
        int missing = 1 - task;
        String address = clusters.get(task).split(",")[missing];
        assertEquals(List.of("tftrain: failed: no contact with every worker within " + STARTUP_SECONDS
                + " s of start-up (task " + missing + " (" + address + ") is not reachable); start all workers,"
                + " or raise --startup-timeout (run with -v for details)"),
            errorLines(output), output);
        assertTrue(output.lines().noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception")),
            "no stack trace:\n" + output);
      }
    } finally {
      for (Process process : alone) {
        process.destroyForcibly();
      }
    }
    assertTrue(!Files.exists(temp.resolve("run0/checkpoint")), "nothing trained");
  }

  /**
   * The chief killed in epoch 2: worker 1 fails its next all-reduce within seconds and says to restart; the
   * chief with --resume and worker 1 with its original command finish the job with identical weights.
   */
  @Test
  void theChiefDyingStopsTheOtherWorkerWithOneLineAndTheJobResumes(@TempDir Path temp) throws Exception {
    Path data = TestImages.trainValFolders(temp.resolve("data"), 2, 16, 2, 70, 32);
    String cluster = freeCluster(2);
    Path run = temp.resolve("run");
    List<String> workerCommand = WorkerJobs.taskArgs(data, run, 3, cluster, 1);
    Process chief = start(temp, WorkerJobs.taskArgs(data, run, 3, cluster, 0), null, temp.resolve("chief.log"));
    Process worker = start(temp, workerCommand, null, temp.resolve("worker.log"));
    // Both have printed epoch 1 (the chief's line comes after its checkpoint): the kill lands in epoch 2.
    TestRuns.awaitLine(chief, temp.resolve("chief.log"), "Epoch 1/3 ", 120);
    TestRuns.awaitLine(worker, temp.resolve("worker.log"), "Worker 1: epoch 1/3 ", 60);
    chief.destroyForcibly().waitFor();
    long killed = System.nanoTime();

    String workerOutput = finish(worker, temp.resolve("worker.log"), 1);
    double secondsToFail = (System.nanoTime() - killed) / 1e9;
    assertTrue(secondsToFail < 10, "failed after " + secondsToFail + " s, not within seconds");
    List<String> errors = errorLines(workerOutput);
    assertEquals(1, errors.size(), workerOutput);
    assertTrue(errors.get(0).startsWith("tftrain: failed: worker 1 lost the cluster during training: task 0 ("
        + cluster.split(",")[0] + ") is not reachable"), errors.get(0));
    assertTrue(errors.get(0).contains("restart every worker: the chief with --resume RUN, the others with their"
        + " original command"), errors.get(0));
    assertTrue(workerOutput.lines().noneMatch(line -> line.startsWith("\tat ")), "no stack trace:\n" + workerOutput);

    List<String> resumeChief = new ArrayList<>(List.of("train", "--resume", run.toString(), "--no-progress",
        "--threads", "1", "--precision", "fp32", "--cluster", cluster, "--task", "0"));
    Process chiefAgain = start(temp, resumeChief, null, temp.resolve("chief2.log"));
    Process workerAgain = start(temp, workerCommand, null, temp.resolve("worker2.log"));
    String resumed = finish(chiefAgain, temp.resolve("chief2.log"), 0);
    String workerResumed = finish(workerAgain, temp.resolve("worker2.log"), 0);
    assertTrue(resumed.contains("Resuming " + run + " after epoch"), resumed);
    assertTrue(workerResumed.contains("resuming after epoch"), workerResumed);
    assertEquals(List.of(1, 2, 3),
        MetricsCsv.read(run.resolve("metrics.csv")).stream().map(EpochMetrics::epoch).toList());
    List<String> chiefSums = checksums(resumed);
    assertTrue(!chiefSums.isEmpty() && chiefSums.get(chiefSums.size() - 1).startsWith("3:"), resumed);
    assertEquals(chiefSums, checksums(workerResumed), "identical weights after the resume");
  }
}
