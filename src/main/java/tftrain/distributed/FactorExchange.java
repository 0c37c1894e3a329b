package tftrain.distributed;

import java.util.List;
import java.util.function.BiFunction;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import tftrain.train.Gradient;
import tftrain.train.NetworkGradients.DenseFactors;

/**
 * A fully connected layer's gradient exchanged as its two factors, the "sufficient factors" of Xie et al.
 * (2016) that Poseidon (Zhang et al., 2017) used for AlexNet's fc layers: every worker gathers every worker's
 * layer inputs and weighted output gradients and multiplies them out itself, instead of all-reducing the
 * [in, out] matrix. At 16 images a worker, fc6 moves 2 × 16 × (9216 + 4096) = 0.43 M floats instead of 37.7 M.
 * The price is one product over the global batch on each worker, which one process computes anyway; the
 * product is left to the optimizer's side ({@link Gradient.Factored}), so clipping never reads it. Used
 * for a layer only where the factors are the smaller ({@link #pays}): not for a logits layer of few classes.
 */
final class FactorExchange {

  /** Every replica's tensor stacked along axis 0, in replica order (each replica builds the same list). */
  interface GraphGather extends BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> {}

  /** A layer's kernel and bias gradients over every replica's images, the kernel's still as its factors. */
  record Means(Gradient.Factored kernel, Gradient bias) {}

  private final GraphGather gather;
  private final int rowsPerReplica;
  private final int replicas;

  /**
   * @param rowsPerReplica the most images a replica's step has (its slice of the global batch): the gathered
   *     pieces must be equal, so fewer rows are padded with zeros
   */
  FactorExchange(GraphGather gather, int rowsPerReplica, int replicas) {
    if (rowsPerReplica < 1 || replicas < 1) {
      throw new IllegalArgumentException("rows " + rowsPerReplica + ", replicas " + replicas);
    }
    this.gather = gather;
    this.rowsPerReplica = rowsPerReplica;
    this.replicas = replicas;
  }

  /** Whether the layer's factors over all replicas are fewer floats than its gradients. */
  boolean pays(DenseFactors layer) {
    return layer.factorSize((long) rowsPerReplica * replicas) < layer.matrixSize();
  }

  /**
   * The layer's gradients over all replicas' images: summed, times {@code scale}. Each replica's output gradients are
   * multiplied by its {@code weight} (its image count: a batch's mean gradient becomes its sum) before the gather,
   * the gathered rows by {@code scale} (1 / all images: the sum becomes the mean) after it, so no pass over the
   * [in, out] product is needed for either.
   */
  Means mean(Ops tf, DenseFactors layer, Operand<TFloat32> weight, Operand<TFloat32> scale) {
    Operand<TFloat32> inputs = gather.apply(tf, padRows(tf, layer.inputs()));
    Operand<TFloat32> outputGradients =
        tf.math.mul(gather.apply(tf, padRows(tf, tf.math.mul(layer.outputGradients(), weight))), scale);
    return new Means(new Gradient.Factored(inputs, outputGradients),
        new Gradient.Whole(DenseFactors.biasGradient(tf, outputGradients)));
  }

  /** [rows, columns] to [rowsPerReplica, columns] with zero rows below, a static shape for the gather. */
  private Operand<TFloat32> padRows(Ops tf, Operand<TFloat32> value) {
    long columns = value.shape().get(1);
    Operand<TInt32> rows = tf.gather(tf.shape(value), tf.constant(0), tf.constant(0));
    Operand<TInt32> missing = tf.math.sub(tf.constant(rowsPerReplica), rows);
    Operand<TInt32> paddings =
        tf.stack(List.of(tf.stack(List.of(tf.constant(0), missing)), tf.constant(new int[] {0, 0})));
    return tf.reshape(tf.pad(value, paddings, tf.constant(0f)), tf.constant(new long[] {rowsPerReplica, columns}));
  }
}
