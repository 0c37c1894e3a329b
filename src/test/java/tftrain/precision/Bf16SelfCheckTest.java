package tftrain.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Bf16SelfCheckTest {

  @Test
  void comparesTheRealNetworkAndNamesWhatWasWorst() {
    // The verdict depends on this machine's kernels; what must hold anywhere is that it names the worst
    // gradient and the logits it compared.
    PrecisionVerdict verdict = new Bf16SelfCheck(2).run();
    assertTrue(verdict.detail().contains("gradient at step") || verdict.detail().contains("logits")
        || verdict.detail().contains("loss at step"), verdict.detail());
    assertFalse(verdict.detail().contains("\n"));
  }

  @Test
  void relativeErrorIsZeroForEqualArraysAndInfiniteForNonFiniteOnes() {
    assertEquals(0.0, Bf16SelfCheck.relativeError(new float[] {1, 2}, new float[] {1, 2}));
    assertEquals(0.5, Bf16SelfCheck.relativeError(new float[] {1.5f, 0}, new float[] {1, 0}), 1e-9);
    assertEquals(Double.POSITIVE_INFINITY, Bf16SelfCheck.relativeError(new float[] {Float.NaN}, new float[] {1}));
    assertEquals(Double.POSITIVE_INFINITY, Bf16SelfCheck.relativeError(new float[] {1e30f * 1e30f}, new float[] {1}));
  }
}
