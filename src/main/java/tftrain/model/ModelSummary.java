package tftrain.model;

import com.google.protobuf.TextFormat;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The inference network for a {@link ModelSpec} described for people (layer shapes and parameter counts),
 * for diffs (its GraphDef in text form, the golden under {@code graphs/}) and for arithmetic (its
 * {@link LayerKernel}s, which the FLOP count and the bf16 op check are computed from).
 */
public record ModelSummary(
    List<LayerInfo> layers, long parameterCount, String graphDefText, List<LayerKernel> kernels) {

  /** Builds the inference graph (float images in, logits, probabilities and classes out) and describes it. */
  public static ModelSummary of(ModelSpec spec) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      int size = spec.imageSize();
      Placeholder<TFloat32> images =
          tf.withName(OpNames.IMAGES).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, size, size, 3)));
      AlexNet.Network network = AlexNet.build(tf, images, spec, null);
      AlexNet.probabilities(tf, network.logits());
      AlexNet.predictedClasses(tf, network.logits());
      String text = TextFormat.printer().printToString(graph.toGraphDef());
      return new ModelSummary(network.layers(), network.parameterCount(), text, LayerKernel.inGraph(graph));
    }
  }

  /** The golden file name for a spec, e.g. {@code alexnet-2class-224.pbtxt}. */
  public static String graphFileName(ModelSpec spec) {
    return "alexnet-" + spec.numClasses() + "class-" + spec.imageSize() + ".pbtxt";
  }
}
