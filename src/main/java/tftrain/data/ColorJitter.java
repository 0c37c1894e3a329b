package tftrain.data;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Mild random colour changes of training images [N, S, S, 3], per image, in graph ops with a fed seed:
 * brightness (a shift), contrast (a scale about the image's mean) and saturation (a blend with its grey),
 * each by a factor drawn from [1 - J, 1 + J] (the shift from [-J, J] of the normalized range's half-width).
 * They work on normalized pixels, where both normalizations put grey at about 0, so no un-normalizing is needed.
 */
public final class ColorJitter {

  /** Strengths above this change colours beyond recognition; the usual choices are 0.1 to 0.4. */
  public static final double MAX_STRENGTH = 0.5;

  private ColorJitter() {}

  /** The jittered images; {@code strength} 0 returns them unchanged. */
  public static Operand<TFloat32> apply(Ops tf, Operand<TFloat32> images, double strength, Operand<TInt64> seed) {
    if (strength == 0) {
      return images;
    }
    Ops ops = tf.withSubScope("color_jitter");
    // [N, 1, 1, 3] draws in [-J, J): channel 0 the brightness shift, 1 the contrast, 2 the saturation factor.
    Operand<TFloat32> draws = ops.math.mul(
        ops.math.sub(ops.math.mul(PerImageDraws.uniform(ops, images, new int[] {1, 1, 3}, seed), ops.constant(2f)),
            ops.constant(1f)),
        ops.constant((float) strength));
    Operand<TFloat32> shift = channel(ops, draws, 0);
    Operand<TFloat32> contrast = ops.math.add(channel(ops, draws, 1), ops.constant(1f));
    Operand<TFloat32> saturation = ops.math.add(channel(ops, draws, 2), ops.constant(1f));
    Operand<TFloat32> brighter = ops.math.add(images, shift);
    Operand<TFloat32> mean = ops.math.mean(brighter, ops.constant(new int[] {1, 2, 3}), Mean.keepDims(true));
    Operand<TFloat32> contrasted = ops.math.add(ops.math.mul(ops.math.sub(brighter, mean), contrast), mean);
    Operand<TFloat32> grey = ops.math.mean(contrasted, ops.constant(new int[] {3}), Mean.keepDims(true));
    return tf.withName("color_jittered").math.add(ops.math.mul(ops.math.sub(contrasted, grey), saturation), grey);
  }

  /** Draw {@code index} of each image, [N, 1, 1, 1]. */
  private static Operand<TFloat32> channel(Ops ops, Operand<TFloat32> draws, int index) {
    return PerImageDraws.lastAxis(ops, draws, 4, index, 1);
  }
}
