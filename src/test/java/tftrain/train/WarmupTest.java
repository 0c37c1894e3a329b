package tftrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tftrain.model.InitScheme;
import tftrain.testing.TestConfigs;

class WarmupTest {

  @Test
  void theRateRisesLinearlyOverTheWarmupStepsThenFollowsTheSchedule() {
    TrainingConfig base = TestConfigs.small(Path.of("data"), 10, 1);
    TrainingConfig warm = base.toBuilder().clipNorm(5.0).init(InitScheme.XAVIER).warmupSteps(4).build();
    double rate = base.optimizer().schedule().rateAt(1);
    assertEquals(rate / 4, warm.optimizer().rateAt(1, 0), 1e-12);
    assertEquals(rate / 2, warm.optimizer().rateAt(1, 1), 1e-12);
    assertEquals(rate, warm.optimizer().rateAt(1, 3), 1e-12);
    assertEquals(rate, warm.optimizer().rateAt(1, 100), 1e-12);
    assertEquals(base.optimizer().schedule().rateAt(6), warm.optimizer().rateAt(6, 500), 1e-12);
    assertEquals(rate, base.optimizer().rateAt(1, 0), 1e-12, "no warm-up: the scheduled rate from the first step");
  }
}
