package tftrain.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static tftrain.distributed.WorkerJobs.args;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.report.EpochMetrics;
import tftrain.report.MetricsCsv;
import tftrain.testing.TestImages;
import tftrain.testing.TestRuns;

/**
 * Correctness beyond two workers: four on 127.0.0.1 (two per core here) train exactly like one process
 * with the same global batch, two images each per step; two of them get no validation batch.
 */
@Tag("slow")
class FourWorkersTest {

  @Test
  void fourWorkersMatchOneProcessWithTheSameGlobalBatch(@TempDir Path temp) throws Exception {
    // 36 training images: 4 global batches of 8 and a remainder of 4 that multi-worker mode drops;
    // 10 validation images: batches of 8 and 2, for tasks 0 and 1.
    Path data = TestImages.trainValFolders(temp.resolve("data"), 2, 18, 5, 70, 21);
    Path single = temp.resolve("single");
    TestRuns.Finished one = TestRuns.run(temp, 240,
        args(data, "-o", single.toString(), "--epochs", "2", "--max-batches", "4").toArray(String[]::new));
    assertEquals(0, one.exitCode(), one.out() + one.err());
    List<EpochMetrics> expected = MetricsCsv.read(single.resolve("metrics.csv"));

    List<EpochMetrics> four = WorkerJobs.trainToTheEnd(temp, "four", data, 4, false);
    assertEquals(2, four.size());
    for (int i = 0; i < 2; i++) {
      String epoch = "epoch " + (i + 1);
      assertEquals(expected.get(i).trainLoss(), four.get(i).trainLoss(), 1e-4, "train loss vs one process, " + epoch);
      assertEquals(expected.get(i).trainAccuracy(), four.get(i).trainAccuracy(), 1e-9, epoch);
      assertEquals(expected.get(i).valLoss(), four.get(i).valLoss(), 1e-4, "val loss vs one process, " + epoch);
      assertEquals(expected.get(i).valAccuracy(), four.get(i).valAccuracy(), 1e-9, epoch);
    }
  }
}
