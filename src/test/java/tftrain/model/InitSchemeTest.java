package tftrain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** Each scheme's kernels and biases at AlexNet's real shapes (small input: only fc6's fan-in changes). */
class InitSchemeTest {

  /** Mean, standard deviation and largest magnitude of every variable of a freshly built network. */
  private record Stats(double mean, double std, double maxAbs) {}

  private static Map<String, Stats> statsOf(InitScheme scheme, long seed) {
    Map<String, Stats> stats = new HashMap<>();
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      var images = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 63, 63, 3)));
      AlexNet.Network network = AlexNet.build(tf, images, new ModelSpec(2, 63, seed, scheme), null);
      try (Session session = new Session(graph)) {
        for (Variable<TFloat32> variable : network.variables()) {
          try (Result result = session.runner().fetch(variable).run()) {
            TFloat32 tensor = (TFloat32) result.get(0);
            float[] values = new float[(int) tensor.shape().size()];
            tensor.asRawTensor().data().asFloats().read(values);
            double sum = 0;
            double squares = 0;
            double maxAbs = 0;
            for (float value : values) {
              sum += value;
              squares += (double) value * value;
              maxAbs = Math.max(maxAbs, Math.abs(value));
            }
            double mean = sum / values.length;
            stats.put(variable.op().name(), new Stats(mean, Math.sqrt(squares / values.length - mean * mean), maxAbs));
          }
        }
      }
    }
    return stats;
  }

  @Test
  void xavierDrawsCentredUniformKernelsScaledByBothFansAndZeroBiases() {
    Map<String, Stats> stats = statsOf(InitScheme.XAVIER, 7);
    // conv2: 5×5 kernel, 96 in, 256 out: limit √(6 / (25·96 + 25·256)) = 0.0261; uniform std = limit / √3.
    double limit = Math.sqrt(6.0 / (25 * 96 + 25 * 256));
    Stats conv2 = stats.get("conv2/kernel");
    assertEquals(limit / Math.sqrt(3), conv2.std(), limit * 0.01);
    assertEquals(0, conv2.mean(), limit * 0.01, "centred, not U(0, limit)");
    assertTrue(conv2.maxAbs() <= limit);
    assertEquals(0, stats.get("conv2/bias").maxAbs());
    Stats fc7 = stats.get("fc7/kernel");
    double fc7Limit = Math.sqrt(6.0 / (4096 + 4096));
    assertEquals(fc7Limit / Math.sqrt(3), fc7.std(), fc7Limit * 0.01);
  }

  @Test
  void heScalesByFanInOnly() {
    Stats conv3 = statsOf(InitScheme.HE, 7).get("conv3/kernel");
    assertEquals(Math.sqrt(2.0 / (9 * 256)), conv3.std(), 0.01 * Math.sqrt(2.0 / (9 * 256)));
  }

  @Test
  void pytorchKeepsTheSeedsUniformForKernelsAndBiases() {
    Map<String, Stats> stats = statsOf(InitScheme.PYTORCH, 7);
    double bound = 1 / Math.sqrt(4096);
    assertEquals(bound / Math.sqrt(3), stats.get("fc7/kernel").std(), bound * 0.01);
    assertTrue(stats.get("fc7/bias").maxAbs() > 0 && stats.get("fc7/bias").maxAbs() <= bound);
  }

  @Test
  void theSameSeedGivesTheSameWeightsAndAnotherSeedOthers() {
    assertEquals(statsOf(InitScheme.XAVIER, 3), statsOf(InitScheme.XAVIER, 3));
    assertTrue(!statsOf(InitScheme.XAVIER, 3).equals(statsOf(InitScheme.XAVIER, 4)));
  }
}
