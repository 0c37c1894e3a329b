package tftrain.train;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The cross-entropy's targets: one-hot labels, with {@code epsilon} of each spread evenly over all K
 * classes, (1 − ε)·onehot + ε/K (as PyTorch's {@code CrossEntropyLoss(label_smoothing=ε)}). The training
 * and the validation loss both use them, as torchvision's reference does; accuracy does not change.
 *
 * @param epsilon the share spread over the classes, in [0, 1); 0 = plain one-hot targets
 */
public record LabelSmoothing(double epsilon) {

  /** Plain one-hot targets. */
  public static final LabelSmoothing OFF = new LabelSmoothing(0);

  /** The targets [N, classes] of {@code labels}. */
  public Operand<TFloat32> targets(Ops tf, Operand<TInt32> labels, int classes) {
    double spread = epsilon / classes;
    return tf.oneHot(labels, tf.constant(classes), tf.constant((float) (1 - epsilon + spread)),
        tf.constant((float) spread));
  }
}
