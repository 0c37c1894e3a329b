package tftrain.runtime;

import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;

/**
 * Which kernel library really runs convolutions in this process, asked of TensorFlow rather than inferred:
 * TensorFlow Java does not expose {@code IsMklEnabled()}, but with oneDNN on, TensorFlow's graph rewrite
 * replaces {@code Conv2D} by a {@code _Mkl…Conv2D} op, which a traced run names. One 8×8 convolution,
 * a few milliseconds.
 */
public final class KernelLibraryProbe {

  private static final String CONVOLUTION = "probe_conv";

  private KernelLibraryProbe() {}

  /** True when this process's convolutions run on oneDNN, false when on Eigen. */
  public static boolean oneDnnRuns() {
    try (Graph graph = new Graph(); Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      // A placeholder input, so that constant folding cannot compute the convolution away.
      Placeholder<TFloat32> input = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, 8, 8, 4)));
      var convolution = tf.withName(CONVOLUTION).nn.conv2d(input, tf.zeros(tf.constant(new long[] {3, 3, 4, 4}),
          TFloat32.class), List.of(1L, 1L, 1L, 1L), "VALID");
      try (TFloat32 images = TFloat32.tensorOf(Shape.of(1, 8, 8, 4));
          Result result = session.runner().feed(input, images).fetch(convolution)
              .setOptions(RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build())
              .runAndFetchMetadata()) {
        for (DeviceStepStats device : result.getMetadata().orElseThrow().getStepStats().getDevStatsList()) {
          for (NodeExecStats node : device.getNodeStatsList()) {
            // The timeline label reads "probe_conv = _MklNativeConv2D(…)" with oneDNN, "= Conv2D(…)" on Eigen.
            if (node.getTimelineLabel().startsWith(CONVOLUTION + " = ")) {
              return node.getTimelineLabel().contains("= _Mkl");
            }
          }
        }
      }
    }
    throw new IllegalStateException("the probe's convolution did not appear in its trace");
  }

  /** "oneDNN" or "Eigen". */
  public static String library() {
    return oneDnnRuns() ? "oneDNN" : "Eigen";
  }
}
