package tftrain.serving;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import tftrain.BadInputException;
import tftrain.model.AlexNet;
import tftrain.model.ModelSpec;

/** Which models the predictor keeps out of bf16: those whose conv1 reads an odd number of channels. */
class PredictorTest {

  @Test
  void theSavedGraphTellsAnOlderModelFromTodaysBeforeItsWeightsAreLoaded(@TempDir Path folder) throws Exception {
    Path today = folder.resolve("today");
    Path older = folder.resolve("older");
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      AlexNet.build(tf, tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 224, 224, 3))),
          new ModelSpec(2, 224, 1), null);
      writeSavedModel(today, graph.toGraphDef());
    }
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      tf.nn.conv2d(tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 228, 228, 3))),
          tf.zeros(tf.constant(new int[] {11, 11, 3, 96}), TFloat32.class), List.of(1L, 4L, 4L, 1L), "VALID");
      writeSavedModel(older, graph.toGraphDef());
    }
    assertFalse(Predictor.savedGraphHasOddChannelConvolution(today));
    assertTrue(Predictor.savedGraphHasOddChannelConvolution(older));

    Path truncated = Files.createDirectories(folder.resolve("truncated"));
    Files.write(truncated.resolve(ModelSource.SAVED_MODEL_FILE), new byte[] {10, 100, 1});
    BadInputException error =
        assertThrows(BadInputException.class, () -> Predictor.savedGraphHasOddChannelConvolution(truncated));
    assertTrue(error.getMessage().startsWith("cannot read " + truncated), error.getMessage());
  }

  /** A saved_model.pb with one graph tagged serve, as a SavedModel holds it (no variables: none are read). */
  private static void writeSavedModel(Path folder, GraphDef graph) throws IOException {
    Files.createDirectories(folder);
    SavedModel saved = SavedModel.newBuilder()
        .addMetaGraphs(MetaGraphDef.newBuilder()
            .setMetaInfoDef(MetaGraphDef.MetaInfoDef.newBuilder().addTags("serve"))
            .setGraphDef(graph))
        .build();
    Files.write(folder.resolve(ModelSource.SAVED_MODEL_FILE), saved.toByteArray());
  }

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
