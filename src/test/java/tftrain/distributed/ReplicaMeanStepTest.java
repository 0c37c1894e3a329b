package tftrain.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import tftrain.data.PlannedBatch;
import tftrain.model.ModelSpec;
import tftrain.runtime.ComputeSettings;
import tftrain.runtime.Precision;
import tftrain.train.GradientClipping;
import tftrain.train.MomentumSgd;
import tftrain.train.Replica;
import tftrain.train.ReplicaStep;
import tftrain.train.SharedStep;
import tftrain.train.StepControl;
import tftrain.train.StepResult;
import tftrain.train.TrainingGraph;

/** The replicated step's own logic, in one process: a replica whose peers all contribute nothing. */
class ReplicaMeanStepTest {

  /**
   * Chief of two whose partner sends zeros: sums are this replica's own values. Its steps have room for 3
   * images, so a batch of 2 goes through the factor exchange padded with a zero row.
   */
  private static final Replica ALONE_OF_TWO = new Replica() {
    @Override public int index() { return 0; }
    @Override public int count() { return 2; }
    @Override public Ops place(Ops tf) { return tf; }
    @Override public Session openSession(Graph graph, ConfigProto config) { return new Session(graph, config); }
    @Override public ReplicaStep buildStep(Ops tf, ReplicaStep.Terms terms) {
      return new ReplicaMeanStep(tf, terms, (ops, values) -> values, (ops, values) -> values,
          new FactorExchange((ops, value) -> value, 3, 2), true);
    }
    @Override public EpochShare trainingShare(List<PlannedBatch> plan, int globalBatch) {
      throw new UnsupportedOperationException();
    }
    @Override public List<PlannedBatch> validationShare(List<PlannedBatch> batches) { return batches; }
    @Override public long[] stepSeed(long seed, int epoch, int step) { return new long[] {seed, step}; }
    @Override public boolean keepsEmptyBatches() { return true; }
    @Override public double[] sum(double[] values) { return values.clone(); }
    @Override public String agreedStopReason(String local) { return local; }
    @Override public boolean agreedStop(boolean agreedInStep, BooleanSupplier local) { return agreedInStep; }
  };

  @Test
  void anEmptyBatchJoinsTheStepWithoutMovingTheWeightsAndStopRequestsAreShared() {
    ComputeSettings compute = ComputeSettings.defaults(Precision.FP32);
    try (TrainingGraph graph = new TrainingGraph(new TrainingGraph.Settings(new ModelSpec(2, 63, 1), 0,
            new MomentumSgd(0.9), new GradientClipping(5), compute), ALONE_OF_TWO);
        TFloat32 empty = TFloat32.tensorOf(Shape.of(0, 63, 63, 3));
        TInt32 noLabels = TInt32.vectorOf();
        // Explicit values: a new tensor's memory is not cleared (garbage made the loss NaN once).
        TFloat32 images = TFloat32.tensorOf(Shape.of(2, 63, 63, 3), DataBuffers.ofFloats(2 * 63 * 63 * 3));
        TInt32 labels = TInt32.vectorOf(0, 1)) {
      long before = graph.weightsChecksum();
      SharedStep nothing = graph.step(empty, noLabels, StepControl.of(1, 0.01, 1), false);
      assertEquals(0, nothing.step().images());
      assertFalse(nothing.stopRequested());
      assertEquals(before, graph.weightsChecksum(), "no images, no update");

      SharedStep step = graph.step(images, labels, StepControl.of(2, 0.01, 1), true);
      assertEquals(2, step.step().images());
      assertTrue(Double.isFinite(step.step().meanLoss()), "loss " + step.step().meanLoss());
      assertTrue(step.stopRequested(), "a replica's stop request comes back from the step");
      StepResult alone = graph.evaluate(images, labels);
      assertTrue(Double.isFinite(alone.meanLoss()));
    }
  }

  /**
   * fc6 and fc7 go through the factor exchange (inputs and output gradients, multiplied out after the
   * gather), the rest through the sums: the step equals one process's.
   */
  @Test
  void aStepThroughTheFactorExchangeEqualsOneProcesssStep() {
    TrainingGraph.Settings settings = new TrainingGraph.Settings(new ModelSpec(2, 63, 1), 0, new MomentumSgd(0.9),
        new GradientClipping(5), ComputeSettings.defaults(Precision.FP32));
    float[] pixels = new float[2 * 63 * 63 * 3];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) Math.sin(i * 0.37);
    }
    try (TrainingGraph sole = new TrainingGraph(settings, Replica.SOLE);
        TrainingGraph exchanged = new TrainingGraph(settings, ALONE_OF_TWO);
        TFloat32 images = TFloat32.tensorOf(Shape.of(2, 63, 63, 3), DataBuffers.of(pixels, true, false));
        TInt32 labels = TInt32.vectorOf(0, 1)) {
      assertEquals(sole.weightsChecksum(), exchanged.weightsChecksum(), "the same start");
      for (int step = 0; step < 3; step++) {
        StepResult one = sole.train(images, labels, StepControl.of(step, 0.01, 1));
        StepResult two = exchanged.step(images, labels, StepControl.of(step, 0.01, 1), false).step();
        assertEquals(one.meanLoss(), two.meanLoss(), 1e-5, "step " + step);
      }
      float[] expected = sole.logitsOf(images);
      float[] got = exchanged.logitsOf(images);
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], got[i], 1e-4 * Math.max(1, Math.abs(expected[i])), "logit " + i);
      }
    }
  }
}
