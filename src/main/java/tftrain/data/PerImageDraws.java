package tftrain.data;

import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The random numbers of in-graph augmentation: uniform draws for each image of a batch whose size is known only
 * when it runs, from a fed seed (stateless), so a step is reproducible and a resumed run draws the same.
 */
final class PerImageDraws {

  private PerImageDraws() {}

  /** The batch size of {@code images} [N, …] as a vector [N]. */
  static Operand<TInt32> count(Ops ops, Operand<TFloat32> images) {
    return ops.slice(ops.shape(images), ops.constant(new int[] {0}), ops.constant(new int[] {1}));
  }

  /** Draws in [0, 1) of shape [N, {@code perImage}…], N the batch size of {@code images}. */
  static Operand<TFloat32> uniform(Ops ops, Operand<TFloat32> images, int[] perImage, Operand<TInt64> seed) {
    Operand<TInt32> shape = ops.concat(List.of(count(ops, images), ops.constant(perImage)), ops.constant(0));
    return ops.random.statelessRandomUniform(shape, seed, TFloat32.class);
  }

  /** Entries [first, first + count) along the last axis of {@code draws}, every image's. */
  static Operand<TFloat32> lastAxis(Ops ops, Operand<TFloat32> draws, int rank, int first, int count) {
    int[] begin = new int[rank];
    int[] size = new int[rank];
    Arrays.fill(size, -1);
    begin[rank - 1] = first;
    size[rank - 1] = count;
    return ops.slice(draws, ops.constant(begin), ops.constant(size));
  }
}
