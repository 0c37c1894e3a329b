package tftrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Clipping by global norm over tensors and factored kernels alike, against the norm and the scaled gradients
 * computed by hand from the multiplied-out products.
 */
class GradientClippingTest {

  /** A [5, 7]ᵀ · [5, 3] kernel gradient (a fully connected layer's factors over 5 rows) and a bias's. */
  private static final float[][] INPUTS = new float[5][7];
  private static final float[][] OUTPUT_GRADIENTS = new float[5][3];
  private static final float[] BIAS = {0.5f, -1.5f, 2f};

  static {
    for (int n = 0; n < 5; n++) {
      for (int i = 0; i < 7; i++) {
        INPUTS[n][i] = (float) Math.sin(n * 7 + i + 1);
      }
      for (int o = 0; o < 3; o++) {
        OUTPUT_GRADIENTS[n][o] = (float) Math.cos(n * 3 + o);
      }
    }
  }

  private static double[][] product(float[][] inputs) {
    double[][] kernel = new double[7][3];
    for (int n = 0; n < 5; n++) {
      for (int i = 0; i < 7; i++) {
        for (int o = 0; o < 3; o++) {
          kernel[i][o] += (double) inputs[n][i] * OUTPUT_GRADIENTS[n][o];
        }
      }
    }
    return kernel;
  }

  /** [clipped kernel (21 values), clipped bias (3 values), norm]. */
  private static float[] clip(double maxNorm, float[][] inputs) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      List<Gradient> gradients = List.of(
          new Gradient.Factored(tf.constant(inputs), tf.constant(OUTPUT_GRADIENTS)),
          new Gradient.Whole(tf.constant(BIAS)));
      GradientClipping.Clipped clipped = new GradientClipping(maxNorm).apply(tf, gradients);
      try (Session session = new Session(graph);
          Result result = session.runner().fetch(clipped.gradients().get(0)).fetch(clipped.gradients().get(1))
              .fetch(clipped.norm()).run()) {
        List<Float> values = new ArrayList<>();
        ((TFloat32) result.get(0)).scalars().forEach(value -> values.add(value.getFloat()));
        ((TFloat32) result.get(1)).scalars().forEach(value -> values.add(value.getFloat()));
        values.add(((TFloat32) result.get(2)).getFloat());
        float[] out = new float[values.size()];
        for (int k = 0; k < out.length; k++) {
          out[k] = values.get(k);
        }
        return out;
      }
    }
  }

  private static double handNorm() {
    double squares = 0;
    for (double[] row : product(INPUTS)) {
      for (double value : row) {
        squares += value * value;
      }
    }
    for (float value : BIAS) {
      squares += value * value;
    }
    return Math.sqrt(squares);
  }

  @Test
  void theFactoredNormIsTheNormOfTheProduct() {
    float[] out = clip(1e6, INPUTS);
    assertEquals(handNorm(), out[24], 1e-4 * handNorm());
    double[][] kernel = product(INPUTS);
    for (int i = 0; i < 7; i++) {
      for (int o = 0; o < 3; o++) {
        assertEquals(kernel[i][o], out[i * 3 + o], 1e-5, "below the limit the product passes unchanged");
      }
    }
  }

  @Test
  void aNormAboveTheLimitScalesKernelAndBiasAlike() {
    double scale = 1.0 / handNorm();
    float[] out = clip(1.0, INPUTS);
    double[][] kernel = product(INPUTS);
    for (int i = 0; i < 7; i++) {
      for (int o = 0; o < 3; o++) {
        assertEquals(kernel[i][o] * scale, out[i * 3 + o], 1e-5);
      }
    }
    for (int o = 0; o < 3; o++) {
      assertEquals(BIAS[o] * scale, out[21 + o], 1e-5);
    }
  }

  @Test
  void aNaNInEitherFactorZeroesTheWholeStep() {
    float[][] poisoned = new float[5][];
    for (int n = 0; n < 5; n++) {
      poisoned[n] = INPUTS[n].clone();
    }
    poisoned[2][4] = Float.NaN;
    float[] out = clip(5, poisoned);
    assertTrue(Float.isNaN(out[24]), "the norm shows the NaN");
    for (int k = 0; k < 24; k++) {
      assertEquals(0f, out[k], "NaN × 0 would be NaN: element " + k);
    }
  }

  @Test
  void withoutClippingTheProductIsMultipliedOutAndNoNormIsBuilt() {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Operand<TFloat32> inputs = tf.constant(INPUTS);
      GradientClipping.Clipped clipped = GradientClipping.OFF
          .apply(tf, List.of(new Gradient.Factored(inputs, tf.constant(OUTPUT_GRADIENTS))));
      assertNull(clipped.norm());
      try (Session session = new Session(graph);
          Result result = session.runner().fetch(clipped.gradients().get(0)).run()) {
        TFloat32 kernel = (TFloat32) result.get(0);
        assertEquals(Shape.of(7, 3), kernel.shape());
        assertEquals(product(INPUTS)[6][2], kernel.getFloat(6, 2), 1e-5);
      }
    }
  }
}
