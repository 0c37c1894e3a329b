package tftrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import tftrain.model.ModelSpec;
import tftrain.runtime.ComputeSettings;
import tftrain.runtime.Precision;

class TrainingGraphTest {

  private static TFloat32 randomImages(int n, int size, long seed) {
    java.util.Random random = new java.util.Random(seed);
    TFloat32 images = TFloat32.tensorOf(Shape.of(n, size, size, 3));
    images.scalars().forEach(scalar -> scalar.setFloat(random.nextFloat() * 2 - 1));
    return images;
  }

  @Test
  void oneStepAt224RunsForwardAndBackwardAndMovesTheWeights() {
    ComputeSettings compute = ComputeSettings.defaults(Precision.FP32);
    try (TrainingGraph graph = new TrainingGraph(new TrainingGraph.Settings(new ModelSpec(2, 224, 1), 0.5,
            new MomentumSgd(0.9), new GradientClipping(5), compute), Replica.SOLE);
        TFloat32 images = randomImages(2, 224, 1);
        TInt32 labels = TInt32.vectorOf(0, 1)) {
      StepResult before = graph.evaluate(images, labels);
      StepResult step = graph.train(images, labels, StepControl.of(1, 0.01, 1));
      StepResult after = graph.evaluate(images, labels);
      assertEquals(2, step.images());
      assertTrue(Double.isFinite(step.meanLoss()) && step.meanLoss() > 0, "loss " + step.meanLoss());
      assertEquals(Math.log(2), before.meanLoss(), 0.05, "untrained: about chance");
      assertNotEquals(before.meanLoss(), after.meanLoss(), "the step changed the weights");
      assertEquals(after.meanLoss(), graph.evaluate(images, labels).meanLoss(), 1e-9, "evaluation changes nothing");
    }
  }

  @Test
  void clippingBoundsTheStepAndReportsTheRawNorm() {
    ComputeSettings compute = ComputeSettings.defaults(Precision.FP32);
    ModelSpec spec = new ModelSpec(2, 63, 3);
    try (TrainingGraph clipped = new TrainingGraph(new TrainingGraph.Settings(spec, 0,
            new MomentumSgd(0), new GradientClipping(1e-4), compute), Replica.SOLE);
        TrainingGraph free = new TrainingGraph(new TrainingGraph.Settings(spec, 0,
                new MomentumSgd(0), GradientClipping.OFF, compute), Replica.SOLE);
        TFloat32 images = randomImages(4, 63, 3);
        TInt32 labels = TInt32.vectorOf(0, 1, 0, 1)) {
      double before = clipped.evaluate(images, labels).meanLoss();
      StepResult clippedStep = clipped.train(images, labels, StepControl.of(1, 1.0, 1));
      StepResult freeStep = free.train(images, labels, StepControl.of(1, 1.0, 1));
      assertTrue(clippedStep.gradientNorm() > 1e-4, "raw norm reported: " + clippedStep.gradientNorm());
      assertTrue(Double.isNaN(freeStep.gradientNorm()), "no clipping, no norm");
      double clippedChange = Math.abs(clipped.evaluate(images, labels).meanLoss() - before);
      double freeChange = Math.abs(free.evaluate(images, labels).meanLoss() - before);
      assertTrue(clippedChange < freeChange / 10,
          "a step of norm 1e-4 barely moves: " + clippedChange + " vs " + freeChange);
    }
  }

  @Test
  void aStepWithNonFiniteGradientsLeavesEveryWeightAsItWas() {
    ComputeSettings compute = ComputeSettings.defaults(Precision.FP32);
    try (TrainingGraph graph = new TrainingGraph(new TrainingGraph.Settings(new ModelSpec(2, 63, 3), 0,
            new MomentumSgd(0.9), new GradientClipping(5), compute), Replica.SOLE);
        TFloat32 poisoned = randomImages(4, 63, 3);
        TFloat32 clean = randomImages(4, 63, 4);
        TInt32 labels = TInt32.vectorOf(0, 1, 0, 1)) {
      poisoned.setFloat(Float.NaN, 2, 10, 10, 1);
      long before = graph.weightsChecksum();
      StepResult step = graph.train(poisoned, labels, StepControl.of(1, 0.01, 1));
      assertTrue(Double.isNaN(step.gradientNorm()), "the norm shows the NaN: " + step.gradientNorm());
      assertEquals(before, graph.weightsChecksum(), "NaN × 0 is NaN: the zeroed step must not write it");
      assertTrue(Double.isFinite(graph.train(clean, labels, StepControl.of(2, 0.01, 1)).meanLoss()),
          "the next clean step trains on finite weights");
      // With momentum from that step, a poisoned step still moves the weights (by the momentum alone), but
      // never to NaN.
      graph.train(poisoned, labels, StepControl.of(3, 0.01, 1));
      assertTrue(Double.isFinite(graph.evaluate(clean, labels).meanLoss()), "no NaN reached the weights");
    }
  }

  @Test
  void stepsAreReproducibleAndCheckpointsRoundTripMomentum(@TempDir Path temp) {
    ComputeSettings compute = ComputeSettings.defaults(Precision.FP32);
    ModelSpec spec = new ModelSpec(3, 63, 5);
    String prefix = temp.resolve("ckpt").toString();
    double[] straight = new double[3];
    try (TrainingGraph graph = new TrainingGraph(new TrainingGraph.Settings(spec, 0.5,
            new MomentumSgd(0.9), new GradientClipping(5), compute), Replica.SOLE);
        TFloat32 images = randomImages(4, 63, 2);
        TInt32 labels = TInt32.vectorOf(0, 1, 2, 0)) {
      for (int step = 0; step < 3; step++) {
        straight[step] = graph.train(images, labels, StepControl.of(step, 0.05, 9)).meanLoss();
        if (step == 0) {
          graph.save(prefix);
        }
      }
    }
    try (TrainingGraph resumed = new TrainingGraph(new TrainingGraph.Settings(spec, 0.5,
            new MomentumSgd(0.9), new GradientClipping(5), compute), Replica.SOLE);
        TFloat32 images = randomImages(4, 63, 2);
        TInt32 labels = TInt32.vectorOf(0, 1, 2, 0)) {
      resumed.restore(prefix);
      for (int step = 1; step < 3; step++) {
        assertEquals(straight[step], resumed.train(images, labels, StepControl.of(step, 0.05, 9)).meanLoss(), 1e-4,
            "step " + step + " after restore (weights and momentum slots restored;"
                + " multithreaded sums differ in the last bits)");
      }
    }
  }

  @Test
  void theConfigsWeightDecayAndLabelSmoothingAreInTheGraphItBuilds() {
    TrainingConfig plain = tftrain.testing.TestConfigs.smallBuilder(Path.of("data"), 1, 7).dropout(0).build();
    TrainingConfig smoothed = plain.toBuilder().labelSmoothing(0.4).build();
    TrainingConfig decayed = plain.toBuilder().weightDecay(0.5, false).build();
    try (TrainingGraph a = new TrainingGraph(TrainingGraph.Settings.of(plain, 2), Replica.SOLE);
        TrainingGraph b = new TrainingGraph(TrainingGraph.Settings.of(smoothed, 2), Replica.SOLE);
        TrainingGraph c = new TrainingGraph(TrainingGraph.Settings.of(decayed, 2), Replica.SOLE);
        TFloat32 images = randomImages(4, 63, 5);
        TInt32 labels = TInt32.vectorOf(0, 1, 0, 1)) {
      assertEquals(a.weightsChecksum(), b.weightsChecksum(), "the same start");
      assertNotEquals(a.evaluate(images, labels).meanLoss(), b.evaluate(images, labels).meanLoss(), 1e-6,
          "smoothed targets, another loss");
      a.train(images, labels, StepControl.of(1, 0.01, 1));
      c.train(images, labels, StepControl.of(1, 0.01, 1));
      assertNotEquals(a.weightsChecksum(), c.weightsChecksum(), "the decay changed the update");
    }
  }
}
