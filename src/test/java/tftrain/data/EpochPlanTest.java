package tftrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EpochPlanTest {

  private static final List<ImageSample> SAMPLES =
      IntStream.range(0, 50).mapToObj(i -> new ImageSample(Path.of("img" + i + ".jpg"), i % 2)).toList();

  @Test
  void trainingPlanIsAFunctionOfSeedAndEpoch() {
    var first = EpochPlan.training(SAMPLES, 16, 7, 3, Augmentation.VERTICAL_FLIP);
    var again = EpochPlan.training(SAMPLES, 16, 7, 3, Augmentation.VERTICAL_FLIP);
    assertEquals(4, first.size());
    assertEquals(2, first.get(3).samples().size());
    for (int i = 0; i < first.size(); i++) {
      assertEquals(first.get(i).samples(), again.get(i).samples());
      assertArrayEquals(first.get(i).flips(), again.get(i).flips());
    }
    var otherEpoch = EpochPlan.training(SAMPLES, 16, 7, 4, Augmentation.VERTICAL_FLIP);
    assertNotEquals(first.get(0).samples(), otherEpoch.get(0).samples());
    var seen = new HashSet<ImageSample>();
    first.forEach(batch -> seen.addAll(batch.samples()));
    assertEquals(50, seen.size(), "every image exactly once");
  }

  @Test
  void noAugmentationMeansNoFlips() {
    for (PlannedBatch batch : EpochPlan.training(SAMPLES, 8, 1, 1, Augmentation.NONE)) {
      for (boolean flip : batch.flips()) {
        assertEquals(false, flip);
      }
    }
  }

  @Test
  void evaluationKeepsFileOrder() {
    var batches = EpochPlan.inOrder(SAMPLES, 20);
    assertEquals(SAMPLES.subList(0, 20), batches.get(0).samples());
    assertEquals(10, batches.get(2).samples().size());
  }
}
