package tftrain.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tftrain.distributed.WorkerJobs.args;
import static tftrain.distributed.WorkerJobs.checksums;
import static tftrain.distributed.WorkerJobs.errorLines;
import static tftrain.distributed.WorkerJobs.finish;
import static tftrain.distributed.WorkerJobs.freeCluster;
import static tftrain.distributed.WorkerJobs.start;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.report.EpochMetrics;
import tftrain.report.MetricsCsv;
import tftrain.testing.TestImages;
import tftrain.testing.TestRuns;
import tftrain.train.Checkpoint;
import tftrain.train.TrainingState;

/**
 * Stops that every worker takes after the same step, end to end: a diverging loss (it is all-reduced, so
 * every worker sees the same one) and a Ctrl-C on one worker (it travels in the next step's all-reduce).
 */
@Tag("slow")
class LockstepStopTest {

  private static final Pattern DIVERGED_AT =
      Pattern.compile("the loss became \\S+( \\(above \\d+\\))? at (epoch \\d+, (step \\d+|validation)): ");

  @Test
  void aDivergingLossStopsEveryWorkerAtTheSameStepAndTheCheckpointKeepsTheGoodEpoch(@TempDir Path temp)
      throws Exception {
    Path data = TestImages.trainValFolders(temp.resolve("data"), 2, 16, 2, 70, 41);
    String cluster = freeCluster(2);
    Path run = temp.resolve("run");
    List<Process> workers = new ArrayList<>();
    for (int task = 0; task < 2; task++) {
      // A small rate for epoch 1, then one that no weights survive even clipped.
      workers.add(start(temp, args(data, "-o", run.toString(), "--epochs", "3", "--lr-boundaries", "1", "--lr-values",
          "0.001,1000000", "--warmup-steps", "0", "--collective-timeout", "30",
          "--cluster", cluster, "--task", Integer.toString(task)), null, temp.resolve("nan" + task + ".log")));
    }
    List<String> where = new ArrayList<>();
    for (int task = 0; task < 2; task++) {
      String output = finish(workers.get(task), temp.resolve("nan" + task + ".log"), 1);
      List<String> errors = errorLines(output);
      assertEquals(1, errors.size(), output);
      assertTrue(errors.get(0).startsWith("tftrain: failed: the loss became "), errors.get(0));
      Matcher matcher = DIVERGED_AT.matcher(errors.get(0));
      assertTrue(matcher.find(), errors.get(0));
      where.add(matcher.group(2));
      assertTrue(output.lines().noneMatch(line -> line.startsWith("\tat ")), "no stack trace:\n" + output);
      assertTrue(errors.get(0).contains("best/ keeps epoch 1"), errors.get(0));
    }
    assertTrue(where.get(0).startsWith("epoch 2, "), where.toString());
    assertEquals(where.get(0), where.get(1), "both workers stop at the same step");
    assertEquals(1, Checkpoint.readState(run).epochsCompleted(), "the checkpoint keeps the good epoch");
    assertEquals(List.of(1), MetricsCsv.read(run.resolve("metrics.csv")).stream().map(EpochMetrics::epoch).toList());
  }

  /**
   * Ctrl-C on worker 1 in epoch 2, then SIGTERM to the chief of the resumed job: each time both stop after the
   * same step (else one would wait in a collective and fail), the chief writes a mid-epoch checkpoint, and
   * the job resumed from it trains on in lockstep.
   */
  @Test
  void ctrlCOrSigtermOnOneWorkerStopsEveryWorkerAfterTheSameStepAndTheChiefCheckpoints(@TempDir Path temp)
      throws Exception {
    Path data = TestImages.trainValFolders(temp.resolve("data"), 2, 24, 2, 70, 42);
    String cluster = freeCluster(2);
    Path run = temp.resolve("run");
    List<String> workerCommand = WorkerJobs.taskArgs(data, run, 4, cluster, 1);
    Process chief = start(temp, WorkerJobs.taskArgs(data, run, 4, cluster, 0), null, temp.resolve("chief1.log"));
    Process worker = start(temp, workerCommand, null, temp.resolve("worker1.log"));
    TestRuns.awaitLine(worker, temp.resolve("worker1.log"), "Worker 1: epoch 1/4 ", 120);
    Process interrupt = new ProcessBuilder("kill", "-INT", Long.toString(worker.pid())).inheritIO().start();
    assertTrue(interrupt.waitFor(10, TimeUnit.SECONDS) && interrupt.exitValue() == 0, "kill -INT");
    String signalled = stoppedTogether(temp, "1", chief, worker, run).get(1);
    assertTrue(signalled.contains("Stopping after the current step"), signalled);
    TrainingState first = Checkpoint.readState(run);

    Process chiefAgain = start(temp, List.of("train", "--resume", run.toString(), "--no-progress", "--threads", "1",
        "--precision", "fp32", "--cluster", cluster, "--task", "0"), null, temp.resolve("chief2.log"));
    Process workerAgain = start(temp, workerCommand, null, temp.resolve("worker2.log"));
    TestRuns.awaitLine(workerAgain, temp.resolve("worker2.log"), "Worker 1: epoch ", 120);
    chiefAgain.destroy(); // SIGTERM
    List<String> resumed = stoppedTogether(temp, "2", chiefAgain, workerAgain, run);
    assertTrue(resumed.get(0).contains("Stopping after the current step"), resumed.get(0));
    assertTrue(!checksums(resumed.get(0)).isEmpty(), resumed.get(0));
    assertEquals(checksums(resumed.get(0)), checksums(resumed.get(1)), "identical weights after the mid-epoch resume");
    assertTrue(Checkpoint.readState(run).globalStep() > first.globalStep(), "the resumed job trained on");
  }

  /**
   * Checks that {@code chief} and {@code worker} both ended as stopped (exit 130, the chief's checkpoint
   * line, no error) and that the checkpoint is not the run's end; returns their outputs.
   */
  private static List<String> stoppedTogether(Path temp, String round, Process chief, Process worker, Path run)
      throws Exception {
    String chiefOutput = finish(chief, temp.resolve("chief" + round + ".log"), 130);
    String workerOutput = finish(worker, temp.resolve("worker" + round + ".log"), 130);
    assertTrue(chiefOutput.contains("Checkpoint written. Resume with: tftrain train --resume " + run), chiefOutput);
    assertTrue(workerOutput.contains("Worker 1 stopped with the chief."), workerOutput);
    assertEquals(List.of(), errorLines(chiefOutput), chiefOutput);
    assertEquals(List.of(), errorLines(workerOutput), workerOutput);
    assertTrue(Checkpoint.readState(run).epochsCompleted() < 4, "stopped in the run, not at its end");
    return List.of(chiefOutput, workerOutput);
  }
}
