package tftrain.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** Weight decay composed with momentum SGD on a two-variable graph, against updates computed by hand. */
class WeightDecayTest {

  private static final float[] WEIGHT = {1f, -2f, 0.5f, 4f};
  private static final float[] BIAS = {3f, -1f};
  private static final float[] WEIGHT_GRADIENT = {0.1f, 0.2f, -0.3f, 0f};
  private static final float[] BIAS_GRADIENT = {0.5f, -0.5f};
  private static final double LR = 0.1;
  private static final double MOMENTUM = 0.9;
  private static final double DECAY = 0.01;

  /** The weight and bias after {@code steps} steps of the same gradients, as TensorFlow computes them. */
  private static float[][] trained(WeightDecay decay, int steps) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Ops init = tf.withInitScope();
      Variable<TFloat32> weight = init.withName("w").variable(init.constant(new float[][] {{1f, -2f}, {0.5f, 4f}}));
      Variable<TFloat32> bias = init.withName("b").variable(init.constant(BIAS));
      List<Variable<TFloat32>> variables = List.of(weight, bias);
      List<Operand<TFloat32>> gradients =
          List.of(tf.constant(new float[][] {{0.1f, 0.2f}, {-0.3f, 0f}}), tf.constant(BIAS_GRADIENT));
      List<Operand<TFloat32>> decayed = decay.apply(tf, variables, gradients);
      MomentumSgd.Update update =
          new MomentumSgd(MOMENTUM).apply(tf, variables, decayed, tf.constant((float) LR));
      Op step = tf.withControlDependencies(update.updates()).noOp();
      try (Session session = new Session(graph)) {
        for (int i = 0; i < steps; i++) {
          session.runner().addTarget(step).run();
        }
        try (Result result = session.runner().fetch(weight).fetch(bias).run()) {
          return new float[][] {values((TFloat32) result.get(0)), values((TFloat32) result.get(1))};
        }
      }
    }
  }

  private static float[] values(TFloat32 tensor) {
    float[] values = new float[(int) tensor.shape().size()];
    tensor.asRawTensor().data().asFloats().read(values);
    return values;
  }

  /** PyTorch's SGD by hand: g' = g + decay·w, v = μv + g', w -= lr·v. */
  private static float[] byHand(float[] start, float[] gradient, double decay, int steps) {
    double[] w = new double[start.length];
    double[] v = new double[start.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = start[i];
    }
    for (int step = 0; step < steps; step++) {
      for (int i = 0; i < w.length; i++) {
        v[i] = MOMENTUM * v[i] + gradient[i] + decay * w[i];
        w[i] -= LR * v[i];
      }
    }
    float[] result = new float[w.length];
    for (int i = 0; i < w.length; i++) {
      result[i] = (float) w[i];
    }
    return result;
  }

  @Test
  void threeStepsEqualPyTorchsSgdWithTheDecayAddedBeforeMomentumAndBiasesLeftOut() {
    float[][] decayed = trained(new WeightDecay(DECAY, false), 3);
    assertArrayEquals(byHand(WEIGHT, WEIGHT_GRADIENT, DECAY, 3), decayed[0], 1e-6f);
    assertArrayEquals(byHand(BIAS, BIAS_GRADIENT, 0, 3), decayed[1], 1e-6f, "biases do not decay by default");
    assertFalse(java.util.Arrays.equals(byHand(WEIGHT, WEIGHT_GRADIENT, 0, 3), decayed[0]),
        "the decay moved the weights");
  }

  @Test
  void biasesDecayWhenAskedFor() {
    float[][] decayed = trained(new WeightDecay(DECAY, true), 3);
    assertArrayEquals(byHand(WEIGHT, WEIGHT_GRADIENT, DECAY, 3), decayed[0], 1e-6f);
    assertArrayEquals(byHand(BIAS, BIAS_GRADIENT, DECAY, 3), decayed[1], 1e-6f);
  }

  @Test
  void offPassesTheGradientsThroughWithoutAnOp() {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Variable<TFloat32> weight = tf.withInitScope().variable(tf.withInitScope().constant(BIAS));
      List<Operand<TFloat32>> gradients = List.of(tf.constant(BIAS_GRADIENT));
      assertSame(gradients, WeightDecay.OFF.apply(tf, List.of(weight), gradients));
      assertTrue(new WeightDecay(DECAY, true).decays(weight));
      assertFalse(new WeightDecay(DECAY, false).decays(weight), "a rank-1 variable is a bias");
    }
  }
}
