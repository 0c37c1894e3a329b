package tftrain.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import tftrain.model.AlexNet;
import tftrain.model.LayerKernel;
import tftrain.model.ModelSpec;
import tftrain.model.ModelSummary;

/**
 * The op-level check runs every op of a training step of the run's network, at its shapes and attributes:
 * proven by comparing, op by op, the graph the check builds with the gradient graph of the network the
 * model builds. Whether the ops pass depends on the machine's kernels, which is what the check is for, so
 * the measuring test asserts that each op was measured, not that this machine is a good one.
 */
class OpPrecisionCheckTest {

  private static final ConfigProto CONFIG =
      ConfigProto.newBuilder().setIntraOpParallelismThreads(2).setInterOpParallelismThreads(1).build();
  /** The op types of a training step whose kernels the check must cover. */
  private static final Set<String> KERNEL_TYPES = Set.of("Conv2D", "Conv2DBackpropInput", "Conv2DBackpropFilter",
      "MaxPool", "MaxPoolGrad", "MatMul", "BiasAddGrad", "ReluGrad");
  private static final List<String> KERNEL_ATTRIBUTES =
      List.of("strides", "padding", "ksize", "transpose_a", "transpose_b");
  private static final int BATCH = 3;

  @Test
  void measuresEveryOpOfAlexNetInBothPrecisions() {
    List<OpError> errors = new OpPrecisionCheck(new ModelSpec(2, 224, 0), 2, CONFIG).run(1);

    // Per convolution forward, both gradients, ReLU (its bias gradient is fused into backward-filter in a bf16
    // step); per pool two; fc6/fc7 five, fc8 four.
    assertEquals(5 * 4 + 3 * 2 + 2 * 5 + 4, errors.size());
    assertTrue(errors.stream().noneMatch(error -> error.op().equals("conv1 bias-gradient")));
    assertTrue(errors.stream().anyMatch(error -> error.op().equals("fc6 bias-gradient")));
    assertEquals("conv1 forward", errors.get(0).op());
    assertTrue(errors.stream().anyMatch(error -> error.op().equals("conv2 backward-input")));
    assertTrue(errors.stream().anyMatch(error -> error.op().equals("fc6 backward-weights")));
    for (OpError error : errors) {
      assertTrue(error.relativeError() >= 0 || Double.isNaN(error.relativeError()), error.toString());
    }
    // A max-pool only selects values, so bf16 inputs come back exactly: a check that could not see this
    // would not be comparing the same inputs.
    errors.stream().filter(error -> error.op().equals("pool1 forward"))
        .forEach(error -> assertEquals(0.0, error.relativeError(), error.toString()));
  }

  @Test
  void theCheckCoversEveryKernelOfTheRunsTrainingStep() {
    for (ModelSpec spec : List.of(new ModelSpec(2, 224, 0), new ModelSpec(7, 100, 0))) {
      Set<String> missing = missing(checkedKernels(ModelSummary.of(spec).kernels()), trainingStepKernels(spec));
      assertEquals(Set.of(), missing, "kernels of the training step the check does not run, " + spec);
    }
  }

  @Test
  void aDriftedLayerShapeOrClassCountIsCaught() {
    ModelSpec spec = new ModelSpec(2, 224, 0);
    // conv2 as a copy of the shapes once had it: VALID on an input padded by hand, while the model uses SAME.
    List<LayerKernel> drifted = new ArrayList<>();
    for (LayerKernel kernel : ModelSummary.of(spec).kernels()) {
      drifted.add(kernel.layer().equals("conv2") && kernel instanceof LayerKernel.Convolution conv
          ? new LayerKernel.Convolution("conv2", Shape.of(-1, 31, 31, 96), conv.filter(), 1, "VALID", conv.output(), 0)
          : kernel);
    }
    Set<String> missing = missing(checkedKernels(drifted), trainingStepKernels(spec));
    assertEquals(Set.of("Conv2D [3, 27, 27, 96] [5, 5, 96, 256] -> [3, 27, 27, 256] strides=[1, 1, 1, 1] padding=SAME",
            "Conv2DBackpropFilter [3, 27, 27, 96] [3, 27, 27, 256] -> [5, 5, 96, 256]"
                + " strides=[1, 1, 1, 1] padding=SAME",
            "Conv2DBackpropInput [5, 5, 96, 256] [3, 27, 27, 256] -> [3, 27, 27, 96]"
                + " strides=[1, 1, 1, 1] padding=SAME"),
        missing);

    Set<String> otherClasses = missing(checkedKernels(ModelSummary.of(spec).kernels()),
        trainingStepKernels(new ModelSpec(10, 224, 0)));
    assertTrue(otherClasses.contains("MatMul [3, 4096] [4096, 10] -> [3, 10] transpose_a=false transpose_b=false"),
        otherClasses.toString());
  }

  @Test
  void aResultIsJudgedByTheTolerance() {
    assertTrue(new OpError("conv1 forward", 0.0017, true).passes());
    assertTrue(!new OpError("conv1 forward", 0.9, true).passes());
    assertTrue(!new OpError("conv1 forward", 0.001, false).passes());
    assertTrue(!new OpError("conv1 forward", Double.NaN, false).passes());
  }

  private static Set<String> missing(Set<String> checked, Set<String> used) {
    Set<String> missing = new TreeSet<>(used);
    missing.removeAll(checked);
    return missing;
  }

  /** The kernels the check's graph runs, at batch {@value #BATCH}. */
  private static Set<String> checkedKernels(List<LayerKernel> kernels) {
    try (Graph graph = new Graph()) {
      new OpPrecisionCheck(kernels, BATCH, CONFIG).buildComparisons(Ops.create(graph));
      return kernelsIn(graph);
    }
  }

  /** The kernels of the forward pass and the weight gradients of the network the model builds for {@code spec}. */
  @SuppressWarnings("rawtypes")
  private static Set<String> trainingStepKernels(ModelSpec spec) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      int size = spec.imageSize();
      var images = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(BATCH, size, size, 3)));
      AlexNet.Network network = AlexNet.build(tf, images, spec, null);
      Operand<TFloat32> loss = tf.sum(network.logits(), tf.constant(new int[] {0, 1}));
      graph.addGradients(loss.asOutput(), network.variables().stream().map(Variable::asOutput).toArray(Output[]::new));
      return kernelsIn(graph);
    }
  }

  /** Each arithmetic op as its type, float input shapes, output shape and the attributes its kernel is chosen by. */
  private static Set<String> kernelsIn(Graph graph) {
    Set<String> kernels = new TreeSet<>();
    for (Iterator<GraphOperation> ops = graph.operations(); ops.hasNext(); ) {
      GraphOperation op = ops.next();
      if (!KERNEL_TYPES.contains(op.type()) || op.output(0).dataType() == DataType.DT_BFLOAT16) {
        continue;
      }
      if (op.type().equals("BiasAddGrad") && op.input(0).shape().numDimensions() == 4) {
        continue; // a convolution's: fused into its backward-filter convolution in a bf16 step (OpPrecisionCheck)
      }
      StringBuilder kernel = new StringBuilder(op.type());
      for (int i = 0; i < op.numInputs(); i++) {
        DataType type = op.input(i).dataType();
        if (type == DataType.DT_FLOAT || type == DataType.DT_FLOAT_REF) { // _REF: a variable read in place
          kernel.append(' ').append(Arrays.toString(op.input(i).shape().asArray()));
        }
      }
      kernel.append(" -> ").append(Arrays.toString(op.output(0).shape().asArray()));
      for (String name : KERNEL_ATTRIBUTES) {
        try {
          AttrValue value = op.attributes().getAttrValueProto(name);
          kernel.append(' ').append(name).append('=').append(attributeText(value));
        } catch (IllegalArgumentException absent) {
          // Not an attribute of this op type.
        }
      }
      kernels.add(kernel.toString());
    }
    return kernels;
  }

  private static String attributeText(AttrValue value) {
    return switch (value.getValueCase()) {
      case S -> value.getS().toStringUtf8();
      case B -> Boolean.toString(value.getB());
      case LIST -> value.getList().getIList().toString();
      default -> value.toString().strip();
    };
  }
}
