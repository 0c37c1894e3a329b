package tftrain.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tftrain.runtime.Precision;

/**
 * The self-check's verdict on this machine's bf16 depends on its kernels, so the check is proven on
 * candidates with a known answer: fp32 trained from the same weights must agree, fp32 trained from other
 * weights must be caught. A check that always passes, always fails or compares the reference with itself
 * fails one of them. Each runs AlexNet at 224×224 for three steps twice: tagged slow.
 */
class Bf16SelfCheckTest {

  @Test
  @Tag("slow")
  void aCandidateThatComputesTheSameAgreesWithTheReference() {
    PrecisionVerdict verdict = new Bf16SelfCheck(2, Precision.FP32, 20261126L).run();
    assertTrue(verdict.passed(), verdict.detail());
    assertTrue(verdict.detail().startsWith("worst "), verdict.detail());
    assertTrue(verdict.detail().contains("off by 0.0 %"), verdict.detail());
  }

  @Test
  @Tag("slow")
  void aCandidateThatComputesSomethingElseIsCaughtAndNamed() {
    PrecisionVerdict verdict = new Bf16SelfCheck(2, Precision.FP32, 7L).run();
    assertFalse(verdict.passed(), verdict.detail());
    assertTrue(verdict.detail().matches(".*(gradient at step \\d|loss at step \\d|logits after 3 updates) off by .*"),
        verdict.detail());
    assertFalse(verdict.detail().contains("\n"));
  }

  @Test
  @Tag("slow")
  void thisMachinesBf16GetsAVerdictThatNamesWhatWasWorst() {
    PrecisionVerdict verdict = new Bf16SelfCheck(2).run();
    assertTrue(verdict.detail().matches(".*(gradient at step \\d|loss at step \\d|logits after 3 updates) off by .*"),
        verdict.detail());
  }

  @Test
  void relativeErrorIsZeroForEqualArraysAndInfiniteForNonFiniteOnes() {
    assertEquals(0.0, Bf16SelfCheck.relativeError(new float[] {1, 2}, new float[] {1, 2}));
    assertEquals(0.5, Bf16SelfCheck.relativeError(new float[] {1.5f, 0}, new float[] {1, 0}), 1e-9);
    assertEquals(Double.POSITIVE_INFINITY, Bf16SelfCheck.relativeError(new float[] {Float.NaN}, new float[] {1}));
    assertEquals(Double.POSITIVE_INFINITY, Bf16SelfCheck.relativeError(new float[] {1e30f * 1e30f}, new float[] {1}));
  }
}
