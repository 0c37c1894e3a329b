package tftrain.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The smoothed targets and the cross-entropy over them, against the formula. */
class LabelSmoothingTest {

  private static final float[][] LOGITS = {{2f, 0.5f, -1f}, {0f, 1f, 3f}};
  private static final int[] LABELS = {0, 2};

  /** {targets [N×K] flattened, mean loss} as TensorFlow computes them. */
  private static float[][] computed(LabelSmoothing smoothing) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Operand<TFloat32> targets = smoothing.targets(tf, tf.constant(LABELS), 3);
      Operand<TFloat32> loss = tf.math.mean(
          tf.nn.softmaxCrossEntropyWithLogits(tf.constant(LOGITS), targets).loss(), tf.constant(0));
      try (Session session = new Session(graph);
          Result result = session.runner().fetch(targets).fetch(loss).run()) {
        TFloat32 targetValues = (TFloat32) result.get(0);
        float[] flat = new float[(int) targetValues.shape().size()];
        targetValues.asRawTensor().data().asFloats().read(flat);
        return new float[][] {flat, {((TFloat32) result.get(1)).getFloat()}};
      }
    }
  }

  /** Mean over images of −Σ_k ((1−ε)·[k = label] + ε/K)·log softmax(logits)_k. */
  private static double byFormula(double epsilon) {
    double sum = 0;
    for (int n = 0; n < LOGITS.length; n++) {
      double normalizer = 0;
      for (float logit : LOGITS[n]) {
        normalizer += Math.exp(logit);
      }
      for (int k = 0; k < 3; k++) {
        double target = (k == LABELS[n] ? 1 - epsilon : 0) + epsilon / 3;
        sum -= target * (LOGITS[n][k] - Math.log(normalizer));
      }
    }
    return sum / LOGITS.length;
  }

  @Test
  void theLossIsTheCrossEntropyWithTargetsOneMinusEpsilonOneHotPlusEpsilonOverK() {
    float[][] smoothed = computed(new LabelSmoothing(0.3));
    assertArrayEquals(new float[] {0.8f, 0.1f, 0.1f, 0.1f, 0.1f, 0.8f}, smoothed[0], 1e-6f);
    assertEquals(byFormula(0.3), smoothed[1][0], 1e-5);
  }

  @Test
  void offIsThePlainOneHotLoss() {
    float[][] plain = computed(LabelSmoothing.OFF);
    assertArrayEquals(new float[] {1f, 0f, 0f, 0f, 0f, 1f}, plain[0]);
    assertEquals(byFormula(0), plain[1][0], 1e-5);
    org.junit.jupiter.api.Assertions.assertTrue(byFormula(0.3) > byFormula(0),
        "smoothing raises the loss of confident right answers");
  }
}
