package tftrain.serving;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import tftrain.model.AlexNet;
import tftrain.model.ModelSpec;

/** Which models the predictor keeps out of bf16: those whose conv1 reads an odd number of channels. */
class PredictorTest {

  @Test
  void aModelOfTodaysNetworkReadsAnEvenNumberOfChannelsAndAnOlderOneDoesNot() {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      AlexNet.build(tf, tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 224, 224, 3))),
          new ModelSpec(2, 224, 1), null);
      tf.noOp(); // a saved model's graph has ops without outputs (save, restore, init): they are passed over
      assertFalse(Predictor.hasOddChannelConvolution(graph), "conv1 reads its 3 channels and one of zeros");
    }
    try (Graph graph = new Graph()) {
      // conv1 as models saved before the channel of zeros had it: the images convolved directly.
      Ops tf = Ops.create(graph);
      tf.nn.conv2d(tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 228, 228, 3))),
          tf.zeros(tf.constant(new int[] {11, 11, 3, 96}), TFloat32.class), List.of(1L, 4L, 4L, 1L), "VALID");
      assertTrue(Predictor.hasOddChannelConvolution(graph));
    }
  }
}
