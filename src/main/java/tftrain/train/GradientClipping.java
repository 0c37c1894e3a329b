package tftrain.train;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Gradient clipping by global norm: all gradients are scaled by maxNorm / max(norm, maxNorm), norm being
 * their global L2 norm. A step can then move the weights only so far, which keeps the seed's recipe (lr
 * 0.01, momentum 0.9, no batch norm) from diverging on an unlucky batch. A non-finite norm zeroes the
 * step's gradients instead of writing NaN into every weight.
 *
 * @param maxNorm the largest global norm let through; 0 turns clipping off
 */
public record GradientClipping(double maxNorm) {

  /** No clipping: gradients pass unchanged and no norm is computed. */
  public static final GradientClipping OFF = new GradientClipping(0);

  /**
   * The gradients after clipping.
   *
   * @param norm the global norm before clipping, or null when clipping is off
   */
  public record Clipped(List<Operand<TFloat32>> gradients, Operand<TFloat32> norm) {}

  public boolean isOn() {
    return maxNorm > 0;
  }

  /** The clipped gradients, built in a sub-scope {@code clip}; unchanged (and no norm) when off. */
  public Clipped apply(Ops tf, List<Operand<TFloat32>> gradients) {
    if (!isOn()) {
      return new Clipped(gradients, null);
    }
    Ops clipScope = tf.withSubScope("clip");
    List<Operand<TFloat32>> halfSquares = new ArrayList<>();
    for (Operand<TFloat32> gradient : gradients) {
      halfSquares.add(clipScope.nn.l2Loss(gradient));
    }
    Operand<TFloat32> norm = clipScope.withName("global_norm")
        .math.sqrt(clipScope.math.mul(clipScope.math.addN(halfSquares), clipScope.constant(2f)));
    Operand<TFloat32> clip = clipScope.constant((float) maxNorm);
    Operand<TFloat32> scale = clipScope.math.div(clip, clipScope.math.maximum(norm, clip));
    Operand<TFloat32> safeScale = clipScope.select(clipScope.math.isFinite(norm), scale, clipScope.constant(0f));
    List<Operand<TFloat32>> clipped = new ArrayList<>();
    for (Operand<TFloat32> gradient : gradients) {
      // MulNoNan: a plain Mul would turn the NaN gradients times the zero scale back into NaN. Being on none
      // of the mixed-precision lists, it also runs in fp32 after a single cast of each bf16 gradient.
      clipped.add(clipScope.math.mulNoNan(gradient, safeScale));
    }
    return new Clipped(List.copyOf(clipped), norm);
  }
}
