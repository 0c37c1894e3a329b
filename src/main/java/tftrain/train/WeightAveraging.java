package tftrain.train;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.DeepCopy;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * An exponential moving average of the weights (torchvision's {@code --model-ema}): a ← d·a + (1 − d)·w per
 * step, starting from the initial weights. The model a run keeps is the average: the training graph swaps the
 * two sets in place for validation and checkpoints ({@link AveragedWeights#use}), so {@code best/},
 * {@code last/}, export and predict, which load the network's names, get the averaged weights, and the
 * checkpoint holds the raw ones under {@link #SCOPE} for an exact resume.
 *
 * <p>The decay warms up as TensorFlow's {@code ExponentialMovingAverage} with {@code num_updates} does:
 * step t uses min(d, (1 + t) / (10 + t)), so in a short run the average is not held back by the initial
 * weights (with d = 0.99 and no warm-up a third of the start would still be in it after 110 steps).
 *
 * <p>The update reads and writes all 58 M weights twice whatever the batch, a fixed cost per step (2–6 % of a
 * 64-image step on 2 cores of Zen 4 and Zen 5 when it ran after every step). Like torchvision's
 * {@code --model-ema-steps} it runs after every {@value #UPDATE_EVERY}th step of an epoch and after the epoch's
 * last, taking in the steps since the one before at once (their decays multiplied): the weights it samples are then
 * a few steps apart within a span of 10 to 100 steps, and validation still sees the epoch's last weights in it.
 *
 * @param decay d in [0, 1); 0 = off
 */
public record WeightAveraging(double decay) {

  /** No averaging: no variables, no ops. */
  public static final WeightAveraging OFF = new WeightAveraging(0);

  /**
   * Scope of the second set: the average while training, the raw weights while the average is in place
   * (in every checkpoint). Its names are part of the checkpoint.
   */
  static final String SCOPE = "ema";

  /** Steps of an epoch between two updates of the average (the epoch's last step always updates it). */
  public static final int UPDATE_EVERY = 4;

  public boolean isOn() {
    return decay > 0;
  }

  /**
   * How many steps the average takes in after the epoch's step {@code stepInEpoch} (0-based) of
   * {@code epochSteps}: those since its last update, or 0 when it is not updated after this step. A function of
   * the step's place in its epoch only, so a run resumed mid-epoch updates after the same steps.
   */
  public static int stepsAveragedAfter(int stepInEpoch, int epochSteps) {
    boolean updates = (stepInEpoch + 1) % UPDATE_EVERY == 0 || stepInEpoch == epochSteps - 1;
    return updates ? stepInEpoch % UPDATE_EVERY + 1 : 0;
  }

  /** The per-step decay of global step {@code step} (0-based): the configured one, warmed up. */
  public double decayAt(long step) {
    return Math.min(decay, (1.0 + step) / (10.0 + step));
  }

  /**
   * The decay of one update that takes in the {@code steps} steps up to global step {@code lastStep}: the
   * product of their per-step decays, so the weights of those steps weigh in as if the average had been
   * updated after each of them with the latest weights.
   */
  public float decayOver(long lastStep, int steps) {
    double keep = 1;
    for (long step = lastStep - steps + 1; step <= lastStep; step++) {
      keep *= decayAt(step);
    }
    return (float) keep;
  }

  /**
   * The averages of {@code weights}, their update after {@code stepUpdates}; {@link AveragedWeights#NONE} when off.
   * Build it after the gradients: the averages are plain {@code VariableV2}s that must not be differentiated.
   */
  AveragedWeights build(Ops tf, List<Variable<TFloat32>> weights, List<Op> stepUpdates) {
    if (!isOn()) {
      return AveragedWeights.NONE;
    }
    Ops scope = tf.withSubScope(SCOPE);
    Ops afterStep = scope.withControlDependencies(stepUpdates);
    Operand<TFloat32> keep = scope.withName("decay").placeholderWithDefault(scope.constant((float) decay),
        org.tensorflow.ndarray.Shape.scalar());
    Operand<TFloat32> take = scope.math.sub(scope.constant(1f), keep);
    List<Variable<TFloat32>> averages = new ArrayList<>();
    List<Op> updates = new ArrayList<>();
    List<Op> starts = new ArrayList<>();
    List<DeepCopy<TFloat32>> weightCopies = new ArrayList<>();
    List<DeepCopy<TFloat32>> averageCopies = new ArrayList<>();
    for (Variable<TFloat32> weight : weights) {
      Ops init = scope.withInitScope();
      Variable<TFloat32> average = init.withName(weight.op().name().replace('/', '_'))
          .variable(init.zeros(init.constant(weight.shape().asArray()), TFloat32.class));
      // a − (1 − d)·(a − w) is d·a + (1 − d)·w in two passes over the weights (a subtraction and one fused
      // update) where mul, mul, add and assign took four.
      updates.add(afterStep.train.applyGradientDescent(average, take, afterStep.math.sub(average, weight)));
      starts.add(scope.assign(average, weight));
      weightCopies.add(scope.deepCopy(weight));
      averageCopies.add(scope.deepCopy(average));
      averages.add(average);
    }
    List<Op> copies = new ArrayList<>(weightCopies);
    copies.addAll(averageCopies);
    Ops afterCopies = scope.withControlDependencies(copies);
    List<Op> swaps = new ArrayList<>();
    for (int i = 0; i < weights.size(); i++) {
      swaps.add(afterCopies.assign(weights.get(i), averageCopies.get(i)));
      swaps.add(afterCopies.assign(averages.get(i), weightCopies.get(i)));
    }
    return new AveragedWeights(this, averages, scope.withControlDependencies(updates).withName("update").noOp(),
        scope.withControlDependencies(starts).withName("start").noOp(),
        scope.withControlDependencies(swaps).withName("swap").noOp(), keep);
  }
}
