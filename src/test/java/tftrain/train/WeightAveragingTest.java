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

/**
 * The moving average after k steps of a variable that moves by a known amount, the exact swap, and which steps
 * the average is updated after.
 */
class WeightAveragingTest {

  private static final float[] START = {1f, -2f, 0.25f};
  private static final float[] STEP = {0.5f, 0.125f, -1f};
  private static final double DECAY = 0.9;

  /** A weight that each step moves by {@link #STEP}, from {@link #START}, and its average. */
  private record MovingWeight(Variable<TFloat32> weight, Op move, AveragedWeights averaging) {

    static MovingWeight in(Graph graph, WeightAveraging ema) {
      Ops tf = Ops.create(graph);
      Ops init = tf.withInitScope();
      Variable<TFloat32> weight = init.withName("w").variable(init.constant(START));
      Op move = tf.assignAdd(weight, tf.constant(STEP));
      return new MovingWeight(weight, move, ema.build(tf, List.of(weight), List.of(move)));
    }
  }

  private static float[] values(Result result, int index) {
    TFloat32 tensor = (TFloat32) result.get(index);
    float[] values = new float[(int) tensor.shape().size()];
    tensor.asRawTensor().data().asFloats().read(values);
    return values;
  }

  @Test
  void afterKStepsTheAverageIsTheFormulaAndTheSwapExchangesBothSetsExactly() {
    try (Graph graph = new Graph()) {
      MovingWeight moving = MovingWeight.in(graph, new WeightAveraging(DECAY));
      Variable<TFloat32> weight = moving.weight();
      AveragedWeights averaging = moving.averaging();
      try (Session session = new Session(graph);
          TFloat32 decay = TFloat32.scalarOf((float) DECAY)) {
        averaging.start(session);
        int steps = 4;
        for (int k = 0; k < steps; k++) {
          averaging.feed(session.runner(), decay).run(); // the update runs the step's own move first
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
    assertEquals(0.1, ema.decayAt(0), 1e-12, "(1 + 0) / (10 + 0)");
    assertEquals(11.0 / 20.0, ema.decayAt(10), 1e-12);
    assertEquals(0.99, ema.decayAt(100_000), 1e-12, "then the configured decay");
    try (Graph graph = new Graph()) {
      MovingWeight moving = MovingWeight.in(graph, ema);
      AveragedWeights averaging = moving.averaging();
      try (Session session = new Session(graph);
          TFloat32 firstStepDecay = averaging.decayTensor(StepControl.of(0, 0.01, 1))) {
        averaging.start(session);
        averaging.feed(session.runner(), firstStepDecay).run();
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
  void theAverageIsUpdatedAfterEveryFourthStepOfAnEpochAndAfterItsLast() {
    int[] tenSteps = new int[10];
    for (int step = 0; step < tenSteps.length; step++) {
      tenSteps[step] = WeightAveraging.stepsAveragedAfter(step, tenSteps.length);
    }
    assertArrayEquals(new int[] {0, 0, 0, 4, 0, 0, 0, 4, 0, 2}, tenSteps, "steps 4 and 8 take in four, the last two");
    assertEquals(1, WeightAveraging.stepsAveragedAfter(0, 1), "an epoch of one step");
    assertEquals(4, WeightAveraging.stepsAveragedAfter(7, 8), "a last step that is also a fourth takes in four");
  }

  @Test
  void oneUpdateForSeveralStepsTakesInTheProductOfTheirDecays() {
    WeightAveraging ema = new WeightAveraging(0.99);
    assertEquals(0.1 * (2.0 / 11) * (3.0 / 12), ema.decayOver(2, 3), 1e-7, "steps 0, 1 and 2, warming up");
    assertEquals(0.99 * 0.99 * 0.99 * 0.99, ema.decayOver(5_000, 4), 1e-7);
    assertEquals(ema.decayAt(7), ema.decayOver(7, 1), 1e-7);
    try (Graph graph = new Graph()) {
      MovingWeight moving = MovingWeight.in(graph, ema);
      AveragedWeights averaging = moving.averaging();
      try (Session session = new Session(graph)) {
        averaging.start(session);
        // Steps 0 and 1 without an update, then step 2 with one that takes in all three.
        for (long step = 0; step < 2; step++) {
          StepControl skipped = new StepControl(0.01, new long[] {1, step}, step, 0);
          assertNull(averaging.decayTensor(skipped), "no update after this step");
          session.runner().addTarget(moving.move()).run();
        }
        try (TFloat32 decay = averaging.decayTensor(new StepControl(0.01, new long[] {1, 2}, 2, 3))) {
          averaging.feed(session.runner(), decay).run();
        }
        float keep = ema.decayOver(2, 3);
        float[] expected = new float[START.length];
        for (int i = 0; i < START.length; i++) {
          expected[i] = keep * START[i] + (1 - keep) * (START[i] + 3 * STEP[i]);
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
      assertTrue(none.averages().isEmpty());
      assertNull(none.decayTensor(StepControl.of(0, 0.01, 1)), "nothing to feed");
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
