package tftrain.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tftrain.distributed.WorkerJobs.args;
import static tftrain.distributed.WorkerJobs.errorLines;
import static tftrain.distributed.WorkerJobs.finish;
import static tftrain.distributed.WorkerJobs.freeCluster;
import static tftrain.distributed.WorkerJobs.start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.io.FolderLock;
import tftrain.testing.TestImages;
import tftrain.testing.TestRuns;
import tftrain.train.RunDataFingerprint;

/**
 * Ctrl-C on a chief that still waits for its peers at start-up: the start is undone (its lock, its data list
 * and the folders it made), so the same command starts again instead of refusing a folder it left behind.
 */
@Tag("slow")
class ChiefStartupStopTest {

  @Test
  void ctrlCWhileTheChiefWaitsForItsPeersLeavesTheFolderAsItWasAndTheSameCommandStartsAgain(@TempDir Path temp)
      throws Exception {
    Path data = TestImages.trainValFolders(temp.resolve("data"), 2, 8, 2, 70, 42);
    Path parent = temp.resolve("runs");
    Path run = parent.resolve("run"); // neither exists: the start makes both
    // Worker 1 is never started: the chief waits for it until the (long) start-up timeout.
    List<String> command =
        args(data, "-o", run.toString(), "--startup-timeout", "200", "--cluster", freeCluster(2), "--task", "0");
    for (int round = 1; round <= 2; round++) {
      Path log = temp.resolve("chief" + round + ".log");
      Process chief = start(temp, command, null, log);
      // The line comes once the run folder is prepared and locked, just before the chief joins the cluster;
      // TensorFlow's line (printed before its logging is set up, so at any log level) once it waits in native code.
      TestRuns.awaitLine(chief, log, "Cluster: worker 0 of 2", 120);
      TestRuns.awaitLine(chief, log, "Started server with target: grpc://", 60);
      assertTrue(Files.isRegularFile(run.resolve(FolderLock.FILE)), "round " + round + ": the start locked the folder");
      assertTrue(Files.isRegularFile(run.resolve(RunDataFingerprint.FILE)), "round " + round);
      Process interrupt = new ProcessBuilder("kill", "-INT", Long.toString(chief.pid())).inheritIO().start();
      assertTrue(interrupt.waitFor(10, TimeUnit.SECONDS) && interrupt.exitValue() == 0, "kill -INT");

      String output = finish(chief, log, 130);
      List<String> afterJoining = output.substring(output.indexOf("Cluster: worker 0 of 2")).lines().skip(1)
          .filter(line -> !isTensorFlowLog(line)).toList();
      assertEquals(List.of("tftrain: interrupted at start-up, before training began; nothing of it is left in " + run),
          afterJoining, output);
      assertEquals(1, errorLines(output).size(), output);
      assertFalse(Files.exists(parent), "round " + round + ": the folders the start made are gone again");
    }
  }

  /** TensorFlow's own log lines (gRPC retries while the peer is missing), which the quiet launcher filters. */
  private static boolean isTensorFlowLog(String line) {
    return line.matches("^[IWEF]\\d{4} \\d\\d:\\d\\d:\\d+\\.\\d+\\s+\\d+ \\S+:\\d+\\].*")
        || line.startsWith("WARNING: All log messages before absl::InitializeLog()")
        || line.startsWith("Additional GRPC error information") || line.startsWith(":{\"created\"");
  }
}
