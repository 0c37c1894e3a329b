package tftrain.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.BadInputException;
import tftrain.runtime.Precision;

class MachineLimitTest {

  @TempDir Path temp;

  @Test
  void readsPeakflopsJsonAndPicksThePrecisionsLimit() throws Exception {
    Path json = temp.resolve("peak.json");
    Files.writeString(json, "{\"threads\": 2, \"fp32_gflops\": 431.5, \"bf16_gflops\": 802.0, "
        + "\"cpu\": \"AMD EPYC\", \"cpu_family\": 26}");
    MachineLimit limit = MachineLimit.fromPeakflopsJson(json);
    assertEquals(431.5, limit.gflopsFor(Precision.FP32));
    assertEquals(802.0, limit.gflopsFor(Precision.BF16));
    assertEquals("peakflops on AMD EPYC, family 26", limit.source());
  }

  @Test
  void badInputIsOneLine() throws Exception {
    Path json = temp.resolve("other.json");
    Files.writeString(json, "{\"train_images_per_sec\": 3}");
    BadInputException notPeakflops = assertThrows(BadInputException.class, () -> MachineLimit.fromPeakflopsJson(json));
    assertTrue(notPeakflops.getMessage().contains("is not peakflops.sh output"), notPeakflops.getMessage());
    assertThrows(BadInputException.class, () -> MachineLimit.fromPeakflopsJson(temp.resolve("missing.json")));
    assertThrows(BadInputException.class, () -> MachineLimit.given(-1));
  }
}
