package tftrain.model;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operation;
import org.tensorflow.ndarray.Shape;

/**
 * One arithmetic op of the network, with the shapes and attributes TensorFlow picks its kernel by, read
 * from the graph {@link AlexNet#build} made. Whatever needs the network's layer shapes (its FLOP count, the
 * bf16 check of every kernel a training step runs) takes them from here, so none of it can drift from the
 * network: a change of padding, size or class count shows up in the next build.
 *
 * <p>Shapes are the graph's: the batch dimension is -1 where the input's batch is not fixed.
 */
public sealed interface LayerKernel {

  /** The layer the op belongs to: its scope ({@code conv2}) or, for a pool, its name ({@code pool1}). */
  String layer();

  /**
   * A 2-D convolution, NHWC, square stride; {@code padding} is {@code SAME} or {@code VALID}.
   *
   * @param input what the op convolves, channels of zeros included
   * @param filter the kernel the op reads, channels of zeros included
   * @param zeroChannels input channels the network adds as zeros ({@link Layers#EVEN_CHANNELS}): arithmetic the
   *     kernel does that computes nothing
   */
  record Convolution(String layer, Shape input, Shape filter, int stride, String padding, Shape output,
      long zeroChannels) implements LayerKernel {

    /** The filter's weights that multiply real input: the layer's kernel variable. */
    public long realFilterSize() {
      return filter.size() / filter.get(2) * (filter.get(2) - zeroChannels);
    }

    /** Whether it reads a multiple of {@link Layers#EVEN_CHANNELS} channels, as every convolution built today does. */
    public boolean readsEvenChannels() {
      return input.get(3) % Layers.EVEN_CHANNELS == 0;
    }
  }

  /** A max-pool, square window and stride. */
  record MaxPool(String layer, Shape input, int window, int stride, String padding, Shape output)
      implements LayerKernel {}

  /** A matrix product of the layer's input [N, in] and its weights [in, units]. */
  record MatMul(String layer, Shape input, Shape weights, Shape output) implements LayerKernel {}

  /** The addition of the layer's bias; its output shape is that of the values it adds to. */
  record BiasAdd(String layer, Shape output) implements LayerKernel {}

  /** The layer's ReLU. */
  record Relu(String layer, Shape output) implements LayerKernel {}

  /** Every {@code LayerKernel} of {@code graph}, in the order the ops were made (the network's order). */
  static List<LayerKernel> inGraph(Graph graph) {
    List<LayerKernel> kernels = new ArrayList<>();
    for (Iterator<GraphOperation> ops = graph.operations(); ops.hasNext(); ) {
      GraphOperation op = ops.next();
      if (op.numOutputs() == 0) {
        continue; // a NoOp or a loaded SavedModel's save op: no kernel, and no output to read a shape from
      }
      String layer = op.name().split("/", 2)[0];
      Shape output = op.output(0).shape();
      switch (op.type()) {
        case "Conv2D" -> kernels.add(new Convolution(layer, op.input(0).shape(), op.input(1).shape(),
            (int) op.attributes().getAttrIntList("strides")[1], op.attributes().getAttrString("padding"), output,
            zeroChannels(op)));
        case "MaxPool" -> kernels.add(new MaxPool(layer, op.input(0).shape(),
            (int) op.attributes().getAttrIntList("ksize")[1], (int) op.attributes().getAttrIntList("strides")[1],
            op.attributes().getAttrString("padding"), output));
        case "MatMul" -> kernels.add(new MatMul(layer, op.input(0).shape(), op.input(1).shape(), output));
        case "BiasAdd" -> kernels.add(new BiasAdd(layer, output));
        case "Relu" -> kernels.add(new Relu(layer, output));
        default -> { }
      }
    }
    return kernels;
  }

  /** The channels of zeros a convolution's filter has beyond its variable's (0 unless padded to an even count). */
  private static long zeroChannels(GraphOperation convolution) {
    Operation filterSource = convolution.input(1).op();
    if (!filterSource.type().equals("PadV2")) { // Ops.pad with a fill value
      return 0;
    }
    GraphOperation pad = (GraphOperation) filterSource;
    return convolution.input(1).shape().get(2) - pad.input(0).shape().get(2);
  }
}
