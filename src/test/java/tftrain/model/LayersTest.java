package tftrain.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

class LayersTest {

  /**
   * Convolutions that keep the size are built with "SAME" padding instead of a Pad op (oneDNN then skips
   * the zero taps): the output must be what zero-padding and a VALID convolution give.
   */
  @Test
  void sizeKeepingConvolutionsEqualExplicitZeroPadding() {
    for (int kernelSize : new int[] {3, 5}) {
      int padding = kernelSize / 2;
      try (Graph graph = new Graph()) {
        Ops tf = Ops.create(graph);
        Operand<TFloat32> x =
            tf.random.statelessRandomNormal(tf.constant(new long[] {2, 9, 9, 4}), tf.constant(new long[] {1, 2}));
        Layers layers = new Layers(tf, 7, InitScheme.HE);
        Operand<TFloat32> built = layers.convRelu("conv", x, kernelSize, 1, padding, 6);
        List<Variable<TFloat32>> variables = layers.variables();
        Operand<TFloat32> padded = tf.pad(x,
            tf.constant(new int[][] {{0, 0}, {padding, padding}, {padding, padding}, {0, 0}}), tf.constant(0f));
        Operand<TFloat32> reference = tf.nn.relu(tf.nn.biasAdd(
            tf.nn.conv2d(padded, variables.get(0), List.of(1L, 1L, 1L, 1L), "VALID"), variables.get(1)));
        try (Session session = new Session(graph);
            Result result = session.runner().fetch(built).fetch(reference).run()) {
          float[] fromLayer = floats((TFloat32) result.get(0));
          float[] fromPadding = floats((TFloat32) result.get(1));
          assertArrayEquals(new long[] {2, 9, 9, 6}, result.get(0).shape().asArray());
          for (int i = 0; i < fromLayer.length; i++) {
            assertEquals(fromPadding[i], fromLayer[i], 1e-5, "kernel " + kernelSize + ", element " + i);
          }
        }
      }
    }
  }

  private static float[] floats(TFloat32 tensor) {
    float[] values = new float[(int) tensor.shape().size()];
    tensor.asRawTensor().data().asFloats().read(values);
    return values;
  }
}
