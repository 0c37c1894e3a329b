package tftrain.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** The moving average after k steps of a variable that moves by a known amount, and the exact swap. */
class WeightAveragingTest {

  private static final float[] START = {1f, -2f, 0.25f};
  private static final float[] STEP = {0.5f, 0.125f, -1f};
  private static final double DECAY = 0.9;

  private static float[] values(Result result, int index) {
    TFloat32 tensor = (TFloat32) result.get(index);
    float[] values = new float[(int) tensor.shape().size()];
    tensor.asRawTensor().data().asFloats().read(values);
    return values;
  }

  @Test
  void afterKStepsTheAverageIsTheFormulaAndTheSwapExchangesBothSetsExactly() {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Ops init = tf.withInitScope();
      Variable<TFloat32> weight = init.withName("w").variable(init.constant(START));
      Op move = tf.assignAdd(weight, tf.constant(STEP));
      AveragedWeights averaging = new WeightAveraging(DECAY).build(tf, List.of(weight), List.of(move));
      Op step = tf.withControlDependencies(averaging.updates()).noOp();
      try (Session session = new Session(graph)) {
        averaging.start(session);
        int steps = 4;
        for (int k = 0; k < steps; k++) {
          session.runner().addTarget(step).run();
        }
        float[] expectedWeight = new float[START.length];
        float[] expectedAverage = new float[START.length];
        for (int i = 0; i < START.length; i++) {
          double w = START[i];
          double a = START[i]; // the average starts at the initial weights
          for (int k = 0; k < steps; k++) {
            w += STEP[i];
            a = DECAY * a + (1 - DECAY) * w; // after the step's own update
          }
          expectedWeight[i] = (float) w;
          expectedAverage[i] = (float) a;
        }
        float[] trained;
        float[] averaged;
        try (Result result = session.runner().fetch(weight).fetch(averaging.averages().get(0)).run()) {
          trained = values(result, 0);
          averaged = values(result, 1);
        }
        assertArrayEquals(expectedWeight, trained, 1e-6f);
        assertArrayEquals(expectedAverage, averaged, 1e-6f);

        averaging.use(session, true);
        averaging.use(session, true); // already in place: no second swap
        try (Result result = session.runner().fetch(weight).fetch(averaging.averages().get(0)).run()) {
          assertArrayEquals(averaged, values(result, 0), 0f, "the average in the weight's place, bit for bit");
          assertArrayEquals(trained, values(result, 1), 0f);
        }
        averaging.use(session, false);
        try (Result result = session.runner().fetch(weight).fetch(averaging.averages().get(0)).run()) {
          assertArrayEquals(trained, values(result, 0), 0f, "swapped back exactly");
          assertArrayEquals(averaged, values(result, 1), 0f);
        }
      }
    }
  }

  @Test
  void theDecayWarmsUpOverTheFirstStepsAndAFedDecayIsTheOneApplied() {
    WeightAveraging ema = new WeightAveraging(0.99);
    assertEquals(0.1f, ema.decayAt(0), 1e-7f, "(1 + 0) / (10 + 0)");
    assertEquals(11f / 20f, ema.decayAt(10), 1e-7f);
    assertEquals(0.99f, ema.decayAt(100_000), 1e-7f, "then the configured decay");
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Ops init = tf.withInitScope();
      Variable<TFloat32> weight = init.withName("w").variable(init.constant(START));
      Op move = tf.assignAdd(weight, tf.constant(STEP));
      AveragedWeights averaging = ema.build(tf, List.of(weight), List.of(move));
      Op step = tf.withControlDependencies(averaging.updates()).noOp();
      try (Session session = new Session(graph);
          TFloat32 firstStepDecay = averaging.decayTensor(0)) {
        averaging.start(session);
        averaging.feed(session.runner(), firstStepDecay).addTarget(step).run();
        float[] expected = new float[START.length];
        for (int i = 0; i < START.length; i++) {
          expected[i] = 0.1f * START[i] + 0.9f * (START[i] + STEP[i]);
        }
        try (Result result = session.runner().fetch(averaging.averages().get(0)).run()) {
          assertArrayEquals(expected, values(result, 0), 1e-6f);
        }
      }
    }
  }

  @Test
  void offBuildsNothingAndLeavesTheSessionAlone() {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Variable<TFloat32> weight = tf.withInitScope().variable(tf.withInitScope().constant(START));
      int opsBefore = countOps(graph);
      AveragedWeights none = WeightAveraging.OFF.build(tf, List.of(weight), List.of());
      assertSame(AveragedWeights.NONE, none);
      assertEquals(opsBefore, countOps(graph), "no op added to the graph");
      assertTrue(none.averages().isEmpty() && none.updates().isEmpty());
      assertNull(none.decayTensor(0), "nothing to feed");
      try (Session session = new Session(graph)) {
        none.start(session);
        none.use(session, true);
        Session.Runner runner = session.runner();
        assertSame(runner, none.feed(runner, null));
        try (Result result = runner.fetch(weight).run()) {
          assertArrayEquals(START, values(result, 0), 0f, "the weights untouched");
        }
      }
    }
  }

  private static int countOps(Graph graph) {
    int count = 0;
    for (var it = graph.operations(); it.hasNext(); it.next()) {
      count++;
    }
    return count;
  }
}
