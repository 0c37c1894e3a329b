package tftrain.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tftrain.data.EpochPlan;
import tftrain.data.ImageSample;
import tftrain.data.PlannedBatch;

/** {@link Replica#SOLE}: the single process trains on everything, stops on its own request, and writes. */
class SingleProcessTest {

  private static List<ImageSample> samples(int count) {
    return IntStream.range(0, count).mapToObj(i -> new ImageSample(Path.of("img" + i + ".jpg"), i % 2)).toList();
  }

  @Test
  void everyBatchIsItsOwnAlsoTheUnevenLastOne() {
    List<PlannedBatch> plan = EpochPlan.inOrder(samples(10), 4);
    Replica.EpochShare share = Replica.SOLE.trainingShare(plan, 4);
    assertEquals(plan, share.batches());
    assertEquals(10, share.images(), "the last batch of 2 counts too");
    assertEquals(plan, Replica.SOLE.validationShare(plan));
    assertFalse(Replica.SOLE.keepsEmptyBatches(), "a batch that decoded to nothing is skipped");
  }

  @Test
  void itsSeedsSumsAndDecisionsAreItsOwn() {
    assertArrayEquals(EpochPlan.stepSeed(7, 2, 3), Replica.SOLE.stepSeed(7, 2, 3));
    assertArrayEquals(new double[] {1.5, 2}, Replica.SOLE.sum(new double[] {1.5, 2}));
    assertEquals("patience", Replica.SOLE.agreedStopReason("patience"));
    AtomicBoolean asked = new AtomicBoolean();
    assertFalse(Replica.SOLE.agreedStop(true, asked::get), "nothing shared: only its own request counts");
    asked.set(true);
    assertTrue(Replica.SOLE.agreedStop(false, asked::get), "read at the moment of asking");
    assertTrue(Replica.SOLE.writesRunFolder());
  }
}
