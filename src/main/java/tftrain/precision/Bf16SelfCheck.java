package tftrain.precision;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import tftrain.model.ModelSpec;
import tftrain.runtime.ComputeSettings;
import tftrain.runtime.Precision;
import tftrain.train.GradientStep;
import tftrain.train.GradientClipping;
import tftrain.train.MomentumSgd;
import tftrain.train.Replica;
import tftrain.train.StepControl;
import tftrain.train.TrainingGraph;

/**
 * Trains the real network a few steps in fp32 and in bf16 (grappler's oneDNN mixed precision, exactly as a
 * run would) from the same weights on the same synthetic batch, and compares every variable's gradient at
 * every step, the losses and then one inference batch's logits. Several steps, not one: where bf16 was
 * found wrong (an AMD EPYC, family 26), the first step agreed with fp32 and the second update was garbage.
 *
 * <p>AlexNet at 224×224 with a small batch: the kernels oneDNN picks depend on the layer shapes, so the
 * check uses the real ones.
 */
public final class Bf16SelfCheck implements Bf16Check {

  /**
   * Largest relative L2 error of a variable's gradient. Every op alone is within 0.2 % of fp32 when right
   * (bench --check-precision), but a gradient at initialization is a small sum of large cancelling terms,
   * and seven layers of bf16 rounding ahead of it add up: measured on an AMD EPYC family 26 whose bf16 trains
   * normally, fc8 is 1 % off, fc6 7–11 %, conv1's kernel 24–26 %. Arithmetic that is wrong is off by 100 % or
   * more (or not finite); 75 % keeps three times the measured spread below it.
   */
  static final double GRADIENT_TOLERANCE = 0.75;

  /**
   * Largest relative error of a loss or of the logits. Measured on the same machine: losses agree to
   * 5 digits and the logits after three updates to 0.7 %. Where bf16 was found wrong, the loss after two
   * updates was 7.5 instead of 0.69.
   */
  static final double OUTPUT_TOLERANCE = 0.10;

  /**
   * Changes whenever what the check measures, its tolerances or the network's kernels change, so cached
   * verdicts are redone (3: convolutions that keep the size use oneDNN's own padding; 4: conv1 reads 4 channels,
   * the fourth zeros, which made bf16 right on the Zen 5 that had failed).
   */
  static final int VERSION = 4;

  private static final int BATCH = 8;
  private static final int IMAGE_SIZE = 224;
  private static final int STEPS = 3;
  private static final double LEARNING_RATE = 0.01;
  private static final long SEED = 20261126L;

  private final int threads;
  private final Precision candidate;
  private final long candidateSeed;

  public Bf16SelfCheck(int threads) {
    this(threads, Precision.BF16, SEED);
  }

  /**
   * The check with another candidate than bf16 from the reference's start: for tests, which need a known
   * verdict on any machine (fp32 from the same weights must pass, fp32 from other weights must fail).
   */
  Bf16SelfCheck(int threads, Precision candidate, long candidateSeed) {
    this.threads = threads;
    this.candidate = candidate;
    this.candidateSeed = candidateSeed;
  }

  @Override
  public PrecisionVerdict run() {
    ModelSpec spec = new ModelSpec(2, IMAGE_SIZE, SEED);
    try (TFloat32 images = syntheticImages();
        TInt32 labels = alternatingLabels();
        TrainingGraph fp32 = newGraph(spec, Precision.FP32);
        TrainingGraph bf16 = newGraph(new ModelSpec(2, IMAGE_SIZE, candidateSeed), candidate)) {
      List<Variable<TFloat32>> variables = fp32.network().variables();
      Worst gradients = new Worst();
      Worst outputs = new Worst();
      for (int step = 1; step <= STEPS; step++) {
        StepControl control = StepControl.of(step, LEARNING_RATE, SEED);
        GradientStep reference = fp32.trainReturningGradients(images, labels, control);
        GradientStep candidate = bf16.trainReturningGradients(images, labels, control);
        outputs.consider("loss at step " + step,
            relativeError(new float[] {(float) candidate.step().meanLoss()},
                new float[] {(float) reference.step().meanLoss()}));
        for (int i = 0; i < variables.size(); i++) {
          gradients.consider(variables.get(i).op().name() + " gradient at step " + step,
              relativeError(candidate.gradients().get(i), reference.gradients().get(i)));
        }
      }
      outputs.consider("inference logits after " + STEPS + " updates",
          relativeError(bf16.logitsOf(images), fp32.logitsOf(images)));
      if (outputs.error > OUTPUT_TOLERANCE) {
        return PrecisionVerdict.fail(outputs.describe(OUTPUT_TOLERANCE));
      }
      if (gradients.error > GRADIENT_TOLERANCE) {
        return PrecisionVerdict.fail(gradients.describe(GRADIENT_TOLERANCE));
      }
      return PrecisionVerdict.pass(
          "worst " + gradients.describe(GRADIENT_TOLERANCE) + "; " + outputs.describe(OUTPUT_TOLERANCE));
    }
  }

  private TrainingGraph newGraph(ModelSpec spec, Precision precision) {
    return new TrainingGraph(new TrainingGraph.Settings(spec, 0.5, new MomentumSgd(0.9), new GradientClipping(5),
        new ComputeSettings(threads, precision)), Replica.SOLE);
  }

  /** The largest error seen and where; a non-finite error counts as infinitely wrong. */
  private static final class Worst {
    String what = "nothing";
    double error;

    String describe(double limit) {
      return String.format(Locale.ROOT, "%s off by %s (limit %.0f %%)", what, percent(error), limit * 100);
    }

    void consider(String where, double candidateError) {
      double effective = Double.isFinite(candidateError) ? candidateError : Double.POSITIVE_INFINITY;
      if (effective > error || what.equals("nothing")) {
        error = effective;
        what = where;
      }
    }
  }

  /** ‖candidate − reference‖₂ / ‖reference‖₂; infinite when the candidate holds a non-finite value. */
  static double relativeError(float[] candidate, float[] reference) {
    double difference = 0;
    double norm = 0;
    for (int i = 0; i < reference.length; i++) {
      if (!Float.isFinite(candidate[i])) {
        return Double.POSITIVE_INFINITY;
      }
      double delta = (double) candidate[i] - reference[i];
      difference += delta * delta;
      norm += (double) reference[i] * reference[i];
    }
    if (norm == 0) {
      return difference == 0 ? 0 : Double.POSITIVE_INFINITY;
    }
    return Math.sqrt(difference / norm);
  }

  private static String percent(double error) {
    return Double.isFinite(error) ? String.format(Locale.ROOT, "%.1f %%", error * 100) : "a non-finite value";
  }

  private static TFloat32 syntheticImages() {
    Random random = new Random(SEED);
    TFloat32 images = TFloat32.tensorOf(Shape.of(BATCH, IMAGE_SIZE, IMAGE_SIZE, 3));
    images.scalars().forEach(scalar -> scalar.setFloat(random.nextFloat() * 2 - 1));
    return images;
  }

  private static TInt32 alternatingLabels() {
    int[] labels = new int[BATCH];
    for (int i = 0; i < BATCH; i++) {
      labels[i] = i % 2;
    }
    return TInt32.vectorOf(labels);
  }
}
