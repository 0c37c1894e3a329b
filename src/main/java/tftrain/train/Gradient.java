package tftrain.train;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;

/**
 * A variable's gradient on its way to the optimizer: a tensor, or a fully connected kernel's gradient kept as
 * its two factors until the update needs the product. Kept apart, its norm comes from two N × N Gram matrices and
 * clipping scales the N rows of one factor, so neither reads the [in, out] product: for AlexNet's fc6 and fc7
 * that is two passes over 54 M floats fewer per step (about 20 ms of a one-core step).
 */
public sealed interface Gradient {

  /** Half the squared L2 norm, as {@code L2Loss} gives it. */
  Operand<TFloat32> halfSquaredNorm(Ops tf);

  /**
   * The gradient times {@code scale}, every element exactly 0 where {@code scale} is 0, even where the gradient
   * is NaN or infinite (a plain product would give NaN there).
   */
  Operand<TFloat32> scaled(Ops tf, Operand<TFloat32> scale);

  /** The gradient as one tensor. */
  Operand<TFloat32> value(Ops tf);

  /** A gradient held as a tensor. */
  record Whole(Operand<TFloat32> tensor) implements Gradient {

    @Override
    public Operand<TFloat32> halfSquaredNorm(Ops tf) {
      return tf.nn.l2Loss(tensor);
    }

    @Override
    public Operand<TFloat32> scaled(Ops tf, Operand<TFloat32> scale) {
      // MulNoNan is on none of the mixed-precision lists: it also runs in fp32 after one cast of a bf16 gradient.
      return tf.math.mulNoNan(tensor, scale);
    }

    @Override
    public Operand<TFloat32> value(Ops tf) {
      return tensor;
    }
  }

  /**
   * A fully connected kernel's gradient inputsᵀ · outputGradients, summed over the N rows.
   *
   * @param inputs the layer's inputs [N, in]
   * @param outputGradients ∂loss/∂outputs [N, out]
   */
  record Factored(Operand<TFloat32> inputs, Operand<TFloat32> outputGradients) implements Gradient {

    /**
     * ‖Aᵀ B‖² = Σ over row pairs of (A Aᵀ)·(B Bᵀ): N² · (in + out) multiplications instead of a pass
     * over in · out.
     * Clamped at 0: rounding could take a near-zero sum below it, and the root of that would zero the step.
     */
    @Override
    public Operand<TFloat32> halfSquaredNorm(Ops tf) {
      Operand<TFloat32> squared = tf.reduceSum(tf.math.mul(gram(tf, inputs), gram(tf, outputGradients)),
          tf.constant(new int[] {0, 1}));
      return tf.math.mul(tf.math.maximum(squared, tf.constant(0f)), tf.constant(0.5f));
    }

    /** Scales the output gradients' N rows; a zero scale zeroes the inputs too, so NaN in either cannot pass. */
    @Override
    public Operand<TFloat32> scaled(Ops tf, Operand<TFloat32> scale) {
      Operand<TFloat32> kept = tf.dtypes.cast(tf.math.notEqual(scale, tf.constant(0f)), TFloat32.class);
      return product(tf, tf.math.mulNoNan(inputs, kept), tf.math.mulNoNan(outputGradients, scale));
    }

    @Override
    public Operand<TFloat32> value(Ops tf) {
      return product(tf, inputs, outputGradients);
    }

    /** inputsᵀ · outputGradients with the op TensorFlow's own MatMul gradient uses. */
    private static Operand<TFloat32> product(Ops tf, Operand<TFloat32> inputs, Operand<TFloat32> outputGradients) {
      return tf.linalg.matMul(inputs, outputGradients, MatMul.transposeA(true));
    }

    private static Operand<TFloat32> gram(Ops tf, Operand<TFloat32> rows) {
      return tf.linalg.matMul(rows, rows, MatMul.transposeB(true));
    }
  }
}
