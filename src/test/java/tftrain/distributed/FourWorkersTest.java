package tftrain.distributed;


import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.report.EpochMetrics;
import tftrain.testing.TestImages;

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
    List<EpochMetrics> four = WorkerJobs.trainToTheEnd(temp, "four", data, 4, false);
    WorkerJobs.assertSameEpochs(WorkerJobs.oneProcess(temp, data), four);
  }
}
