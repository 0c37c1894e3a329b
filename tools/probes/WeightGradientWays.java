// One convolution's weight gradient computed three ways in bf16, timed alone (median of 8 after 3 warm-ups):
// Conv2DBackpropFilter (what training uses), the same as a forward convolution of transposed tensors, and
// im2col (ExtractImagePatches) + one matmul. Prints each one's distance from the first.
//   java -cp target/tftrain.jar tools/probes/WeightGradientWays.java INPUT_SIDE IN_CHANNELS OUT_CHANNELS KERNEL
//   (conv4 of AlexNet with its padding: 15 384 384 3)
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat32;

public class WeightGradientWays {
  public static void main(String[] args) {
    int batch = 64;
    int side = Integer.parseInt(args[0]);
    int in = Integer.parseInt(args[1]);
    int out = Integer.parseInt(args[2]);
    int kernel = Integer.parseInt(args[3]);
    int outSide = side - kernel + 1;
    List<Long> ones = List.of(1L, 1L, 1L, 1L);
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      var x = tf.placeholder(TBfloat16.class, Placeholder.shape(Shape.of(batch, side, side, in)));
      var dy = tf.placeholder(TBfloat16.class, Placeholder.shape(Shape.of(batch, outSide, outSide, out)));
      var randomX = tf.dtypes.cast(
          tf.random.randomUniform(tf.constant(new long[] {batch, side, side, in}), TFloat32.class), TBfloat16.class);
      var randomDy = tf.dtypes.cast(tf.random.randomStandardNormal(
          tf.constant(new long[] {batch, outSide, outSide, out}), TFloat32.class), TBfloat16.class);
      Map<String, Operand<TBfloat16>> ways = new LinkedHashMap<>();
      ways.put("Conv2DBackpropFilter",
          tf.nn.conv2dBackpropFilter(x, tf.constant(new int[] {kernel, kernel, in, out}), dy, ones, "VALID"));
      ways.put("transposes + Conv2D", tf.linalg.transpose(tf.nn.conv2d(
          tf.linalg.transpose(x, tf.constant(new int[] {3, 1, 2, 0})),
          tf.linalg.transpose(dy, tf.constant(new int[] {1, 2, 0, 3})), ones, "VALID"),
          tf.constant(new int[] {1, 2, 0, 3})));
      long rows = (long) batch * outSide * outSide;
      var patches = tf.reshape(tf.image.extractImagePatches(x, List.of(1L, (long) kernel, (long) kernel, 1L), ones,
          ones, "VALID"), tf.constant(new long[] {rows, (long) kernel * kernel * in}));
      ways.put("im2col + MatMul", tf.reshape(
          tf.linalg.matMul(patches, tf.reshape(dy, tf.constant(new long[] {rows, out})), MatMul.transposeA(true)),
          tf.constant(new long[] {kernel, kernel, in, out})));
      double flops = 2.0 * rows * kernel * kernel * in * out;
      try (Session session = new Session(graph);
          Result inputs = session.runner().fetch(randomX).fetch(randomDy).run()) {
        TBfloat16 xValue = (TBfloat16) inputs.get(0);
        TBfloat16 dyValue = (TBfloat16) inputs.get(1);
        Operand<TFloat32> reference = tf.dtypes.cast(ways.get("Conv2DBackpropFilter"), TFloat32.class);
        for (var way : ways.entrySet()) {
          var distance = tf.math.mean(tf.math.abs(tf.math.sub(tf.dtypes.cast(way.getValue(), TFloat32.class), reference)),
              tf.constant(new int[] {0, 1, 2, 3}));
          double[] millis = new double[8];
          for (int i = -3; i < millis.length; i++) {
            long start = System.nanoTime();
            try (Result result = session.runner().feed(x, xValue).feed(dy, dyValue).fetch(way.getValue()).run()) {
              if (i >= 0) {
                millis[i] = (System.nanoTime() - start) / 1e6;
              }
            }
          }
          Arrays.sort(millis);
          try (Result result = session.runner().feed(x, xValue).feed(dy, dyValue).fetch(distance).run()) {
            System.out.printf("%-22s median %6.1f ms, %4.0f GFLOP/s, mean |difference| %.5f%n", way.getKey(),
                millis[millis.length / 2], flops / millis[millis.length / 2] / 1e6, ((TFloat32) result.get(0)).getFloat());
          }
        }
      }
    }
  }
}
