package tftrain.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import tftrain.BadInputException;

class AlexNetTest {

  private static AlexNet.Network build(Graph graph, int classes, int size) {
    Ops tf = Ops.create(graph);
    Placeholder<TFloat32> images =
        tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, size, size, 3)));
    return AlexNet.build(tf, images, new ModelSpec(classes, size, 0), null);
  }

  @Test
  void layerShapesMatchTheSeedAt224() {
    try (Graph graph = new Graph()) {
      AlexNet.Network network = build(graph, 2, 224);
      List<Long> sides =
          network.layers().stream()
              .filter(layer -> layer.outputShape().numDimensions() == 4)
              .map(layer -> layer.outputShape().get(1))
              .toList();
      assertEquals(List.of(55L, 27L, 27L, 13L, 13L, 13L, 13L, 6L), sides);
      assertArrayEquals(new long[] {-1, 9216}, layer(network, "flatten").outputShape().asArray());
      assertArrayEquals(new long[] {-1, 2}, network.logits().shape().asArray());
    }
  }

  @Test
  void parameterCountEqualsThePyTorchModel() {
    try (Graph graph = new Graph()) {
      assertEquals(58_289_538L, build(graph, 2, 224).parameterCount());
    }
    try (Graph graph = new Graph()) {
      // Only fc8 grows with the class count: 4097 parameters per class.
      assertEquals(58_289_538L + 8 * 4097L, build(graph, 10, 224).parameterCount());
    }
  }

  @Test
  void variablesHaveStableScopeNames() {
    try (Graph graph = new Graph()) {
      AlexNet.Network network = build(graph, 2, 224);
      List<String> names = network.variables().stream().map(variable -> variable.op().name()).toList();
      assertEquals(
          List.of("conv1/kernel", "conv1/bias", "conv2/kernel", "conv2/bias", "conv3/kernel", "conv3/bias",
              "conv4/kernel", "conv4/bias", "conv5/kernel", "conv5/bias", "fc6/kernel", "fc6/bias",
              "fc7/kernel", "fc7/bias", "fc8/kernel", "fc8/bias"),
          names);
      for (Variable<TFloat32> variable : network.variables()) {
        assertEquals("VariableV2", variable.op().type());
      }
    }
  }

  @Test
  void everyVariableHasAGradient() {
    try (Graph graph = new Graph()) {
      AlexNet.Network network = build(graph, 3, 63);
      Ops tf = Ops.create(graph);
      Operand<TFloat32> loss = tf.sum(network.logits(), tf.constant(new int[] {0, 1}));
      Output<?>[] targets = network.variables().stream().map(Variable::asOutput).toArray(Output<?>[]::new);
      Output<?>[] gradients = graph.addGradients(loss.asOutput(), targets);
      assertEquals(16, gradients.length);
      for (int i = 0; i < gradients.length; i++) {
        assertNotNull(gradients[i]);
        assertEquals(targets[i].shape().numDimensions(), gradients[i].shape().numDimensions(), targets[i].op().name());
      }
    }
  }

  @Test
  void smallInputsWorkDownToTheMinimum() {
    try (Graph graph = new Graph()) {
      AlexNet.Network network = build(graph, 2, ModelSpec.MIN_IMAGE_SIZE);
      assertArrayEquals(new long[] {-1, 256}, layer(network, "flatten").outputShape().asArray());
    }
    assertThrows(BadInputException.class, () -> new ModelSpec(2, ModelSpec.MIN_IMAGE_SIZE - 1, 0));
    assertThrows(BadInputException.class, () -> new ModelSpec(1, 224, 0));
  }

  private static LayerInfo layer(AlexNet.Network network, String name) {
    return network.layers().stream().filter(layer -> layer.name().equals(name)).findFirst().orElseThrow();
  }
}
