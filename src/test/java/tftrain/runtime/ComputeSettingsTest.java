package tftrain.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RewriterConfig;
import tftrain.BadInputException;

class ComputeSettingsTest {

  @Test
  void bf16TurnsOnOneDnnMixedPrecisionAndFp32LeavesItOff() {
    ConfigProto bf16 = new ComputeSettings(3, Precision.BF16).sessionConfig();
    assertEquals(RewriterConfig.Toggle.ON,
        bf16.getGraphOptions().getRewriteOptions().getAutoMixedPrecisionOnednnBfloat16());
    ConfigProto fp32 = new ComputeSettings(3, Precision.FP32).sessionConfig();
    assertFalse(fp32.hasGraphOptions(), fp32.toString());
  }

  @Test
  void aBf16ConfigIsRecognizedAndTurnedBackToFp32WithItsThreads() {
    ConfigProto bf16 = new ComputeSettings(3, Precision.BF16).sessionConfig();
    assertTrue(ComputeSettings.computesInBf16(bf16));
    assertFalse(ComputeSettings.computesInBf16(new ComputeSettings(3, Precision.FP32).sessionConfig()));
    assertFalse(ComputeSettings.computesInBf16(null), "TensorFlow's defaults");
    assertEquals(new ComputeSettings(3, Precision.FP32).sessionConfig(), ComputeSettings.withoutBf16(bf16));
  }

  @Test
  void theNetworkGetsIntraOpThreadsAndTheDecoderInterOpThreads() {
    ComputeSettings settings = new ComputeSettings(3, Precision.FP32);
    assertEquals(3, settings.sessionConfig().getIntraOpParallelismThreads());
    assertEquals(1, settings.sessionConfig().getInterOpParallelismThreads());
    assertTrue(settings.sessionConfig().getAllowSoftPlacement());
    assertEquals(1, settings.decodeSessionConfig().getIntraOpParallelismThreads());
    assertEquals(3, settings.decodeSessionConfig().getInterOpParallelismThreads());
  }

  @Test
  void noThreadsIsABadInputAndTheDefaultIsOnePerCore() {
    BadInputException zero = assertThrows(BadInputException.class, () -> new ComputeSettings(0, Precision.FP32));
    assertEquals("threads must be at least 1, got 0", zero.getMessage());
    assertEquals(Runtime.getRuntime().availableProcessors(), ComputeSettings.defaults(Precision.BF16).threads());
  }
}
