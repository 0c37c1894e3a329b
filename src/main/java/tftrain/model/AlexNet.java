package tftrain.model;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * AlexNet as in the seed (Krizhevsky et al. 2012, single-tower): five convolutions, three fully connected
 * layers, dropout 0.5 before fc6 and fc7. NHWC. The shapes in the comments are for a 224×224 input.
 *
 * <p>{@link #build} is the one place the network is defined: the training graph calls it with a
 * {@link Dropout}, the exported inference graph without, and both get the same variable names.
 */
public final class AlexNet {

  /**
   * The network's outputs and what it is made of.
   *
   * @param denseLayers the fully connected layers, whose gradients a multi-worker step may exchange as factors
   */
  public record Network(Operand<TFloat32> logits, List<Variable<TFloat32>> variables, List<LayerInfo> layers,
      List<DenseLayer> denseLayers) {

    /** Total trainable parameters. */
    public long parameterCount() {
      return layers.stream().mapToLong(LayerInfo::parameters).sum();
    }
  }

  private AlexNet() {}

  /**
   * Builds the network on {@code images} ([N, S, S, 3], normalized).
   *
   * @param dropout the training graph's dropout inputs, or null for an inference graph without dropout
   */
  public static Network build(Ops tf, Operand<TFloat32> images, ModelSpec spec, Dropout dropout) {
    Layers layers = new Layers(tf, spec.initSeed(), spec.init());
    Operand<TFloat32> x = images;                               // [N, 224, 224, 3]
    x = layers.convRelu("conv1", x, 11, 4, 2, 96);              // [N, 55, 55, 96]
    x = layers.maxPool("pool1", x, 3, 2);                       // [N, 27, 27, 96]
    x = layers.convRelu("conv2", x, 5, 1, 2, 256);              // [N, 27, 27, 256]
    x = layers.maxPool("pool2", x, 3, 2);                       // [N, 13, 13, 256]
    x = layers.convRelu("conv3", x, 3, 1, 1, 384);              // [N, 13, 13, 384]
    x = layers.convRelu("conv4", x, 3, 1, 1, 384);              // [N, 13, 13, 384]
    x = layers.convRelu("conv5", x, 3, 1, 1, 256);              // [N, 13, 13, 256]
    x = layers.maxPool("pool5", x, 3, 2);                       // [N, 6, 6, 256]
    x = layers.flatten("flatten", x);                           // [N, 9216]
    x = layers.dropout("dropout6", x, dropout);                 // [N, 9216]
    x = layers.denseRelu("fc6", x, 4096);                       // [N, 4096]
    x = layers.dropout("dropout7", x, dropout);                 // [N, 4096]
    x = layers.denseRelu("fc7", x, 4096);                       // [N, 4096]
    Operand<TFloat32> logits = layers.dense("fc8", x, spec.numClasses()); // [N, classes]
    return new Network(
        tf.withName(OpNames.LOGITS).identity(logits), layers.variables(), layers.layers(), layers.denseLayers());
  }

  /** Softmax probabilities [N, classes], named {@link OpNames#PROBABILITIES}. */
  public static Operand<TFloat32> probabilities(Ops tf, Operand<TFloat32> logits) {
    return tf.withName(OpNames.PROBABILITIES).nn.softmax(logits);
  }

  /** The most probable class index per image [N], named {@link OpNames#CLASSES}. */
  public static Operand<TInt64> predictedClasses(Ops tf, Operand<TFloat32> logits) {
    return tf.withName(OpNames.CLASSES).math.argMax(logits, tf.constant(1));
  }
}
