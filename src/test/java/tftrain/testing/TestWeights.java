package tftrain.testing;

import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import tftrain.model.AlexNet;
import tftrain.model.ModelSpec;
import tftrain.runtime.GraphSession;

/** Network weights on disk without a training run, for tests of what reads them (exports, checkpoints). */
public final class TestWeights {

  private TestWeights() {}

  /** The initial weights of {@code spec}'s network, saved under the checkpoint {@code prefix}. */
  public static void saveInitial(ModelSpec spec, String prefix) {
    try (GraphSession graph = new GraphSession()) {
      Session session;
      try (GraphSession.Building building = graph.build()) {
        Ops tf = building.ops();
        int size = spec.imageSize();
        var images = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, size, size, 3)));
        AlexNet.build(tf, images, spec, null);
        session = building.start(null);
      }
      session.initialize();
      session.save(prefix);
    }
  }
}
