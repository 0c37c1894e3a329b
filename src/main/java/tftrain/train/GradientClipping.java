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
 * step's gradients instead of writing NaN into every weight. A fully connected kernel's gradient is measured and
 * scaled through its factors ({@link Gradient.Factored}), so clipping never passes over fc6's and fc7's 54 M
 * products.
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

  /**
   * The clipped gradients as tensors, built in a sub-scope {@code clip}; multiplied out unchanged (and no norm)
   * when off.
   */
  public Clipped apply(Ops tf, List<Gradient> gradients) {
    if (!isOn()) {
      return new Clipped(gradients.stream().map(gradient -> gradient.value(tf)).toList(), null);
    }
    Ops clipScope = tf.withSubScope("clip");
    List<Operand<TFloat32>> halfSquares = new ArrayList<>();
    for (Gradient gradient : gradients) {
      halfSquares.add(gradient.halfSquaredNorm(clipScope));
    }
    Operand<TFloat32> norm = clipScope.withName("global_norm")
        .math.sqrt(clipScope.math.mul(clipScope.math.addN(halfSquares), clipScope.constant(2f)));
    Operand<TFloat32> clip = clipScope.constant((float) maxNorm);
    Operand<TFloat32> scale = clipScope.math.div(clip, clipScope.math.maximum(norm, clip));
    Operand<TFloat32> safeScale = clipScope.select(clipScope.math.isFinite(norm), scale, clipScope.constant(0f));
    List<Operand<TFloat32>> clipped = new ArrayList<>();
    for (Gradient gradient : gradients) {
      clipped.add(gradient.scaled(clipScope, safeScale));
    }
    return new Clipped(List.copyOf(clipped), norm);
  }
}
