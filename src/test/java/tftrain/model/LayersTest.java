package tftrain.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
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
   * the zero taps); others (conv1: 11×11, stride 4, padding 2) keep the Pad op. Either way the output must
   * be what zero-padding and a VALID convolution give.
   */
  @Test
  void convolutionsEqualExplicitZeroPaddingAndOnlyStridedOnesPad() {
    record Case(int kernelSize, int stride, int padding, int side, boolean padOp) {}
    for (Case c : List.of(new Case(3, 1, 1, 9, false), new Case(5, 1, 2, 9, false), new Case(11, 4, 2, 31, true))) {
      try (Graph graph = new Graph()) {
        Ops tf = Ops.create(graph);
        Operand<TFloat32> x = tf.random.statelessRandomNormal(
            tf.constant(new long[] {2, c.side(), c.side(), 4}), tf.constant(new long[] {1, 2}));
        Layers layers = new Layers(tf, 7, InitScheme.HE);
        Operand<TFloat32> built = layers.convRelu("conv", x, c.kernelSize(), c.stride(), c.padding(), 6);
        assertEquals(c.padOp() ? 1 : 0, opsOfType(graph, "Pad").size(), c + ": ops " + opsOfType(graph, "Pad"));
        List<Variable<TFloat32>> variables = layers.variables();
        int p = c.padding();
        Operand<TFloat32> padded =
            tf.pad(x, tf.constant(new int[][] {{0, 0}, {p, p}, {p, p}, {0, 0}}), tf.constant(0f));
        Operand<TFloat32> reference = tf.nn.relu(tf.nn.biasAdd(tf.nn.conv2d(padded, variables.get(0),
            List.of(1L, (long) c.stride(), (long) c.stride(), 1L), "VALID"), variables.get(1)));
        try (Session session = new Session(graph);
            Result result = session.runner().fetch(built).fetch(reference).run()) {
          long outSide = (c.side() + 2 * p - c.kernelSize()) / c.stride() + 1;
          assertArrayEquals(new long[] {2, outSide, outSide, 6}, result.get(0).shape().asArray(), c.toString());
          float[] fromLayer = floats((TFloat32) result.get(0));
          float[] fromPadding = floats((TFloat32) result.get(1));
          for (int i = 0; i < fromLayer.length; i++) {
            assertEquals(fromPadding[i], fromLayer[i], 1e-5, c + ", element " + i);
          }
        }
      }
    }
  }

  /** The layer's own ops of a type: those under its "conv/" scope (the test's reference pads outside it). */
  private static List<String> opsOfType(Graph graph, String type) {
    List<String> names = new ArrayList<>();
    graph.operations().forEachRemaining(op -> {
      if (op.name().startsWith("conv/") && op.type().startsWith(type)) {
        names.add(op.name());
      }
    });
    return names;
  }

  private static float[] floats(TFloat32 tensor) {
    float[] values = new float[(int) tensor.shape().size()];
    tensor.asRawTensor().data().asFloats().read(values);
    return values;
  }
}
