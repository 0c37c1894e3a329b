package tftrain.train;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A training graph's moving average of the weights ({@link WeightAveraging} builds it) in its session: the
 * ops, and which set the network's variables hold now. {@link #NONE}, a run without averaging, has no ops and
 * every method leaves the session alone, so {@link TrainingGraph} takes one path with and without.
 */
final class AveragedWeights {

  /** No averaging: no state, no updates, nothing to swap or feed. */
  static final AveragedWeights NONE = new AveragedWeights(WeightAveraging.OFF, List.of(), null, null, null, null);

  private final WeightAveraging averaging;
  private final List<Variable<TFloat32>> averages;
  /** Updates every average, after the step's weight updates; null in {@link #NONE}. */
  private final Op update;
  /** Sets every average to its weight; null in {@link #NONE}. */
  private final Op start;
  /** Exchanges weights and averages exactly (both read before either is written); null in {@link #NONE}. */
  private final Op swap;
  /** The decay of a step, fed per step (the configured decay when not fed); null in {@link #NONE}. */
  private final Operand<TFloat32> stepDecay;
  /** Whether the network's variables hold the average now (and the averages the trained weights). */
  private boolean averageInPlace;

  AveragedWeights(WeightAveraging averaging, List<Variable<TFloat32>> averages, Op update, Op start, Op swap,
      Operand<TFloat32> stepDecay) {
    this.averaging = averaging;
    this.averages = List.copyOf(averages);
    this.update = update;
    this.start = start;
    this.swap = swap;
    this.stepDecay = stepDecay;
  }

  /** One average per weight, in the weights' order: state that a checkpoint and a replica's sync carry. */
  List<Variable<TFloat32>> averages() {
    return averages;
  }

  /** Sets every average to its weight: a new run's start. */
  void start(Session session) {
    if (start != null) {
      session.run(start);
    }
  }

  /**
   * Puts the average in the network's place (for validation and checkpoints), or the trained weights back
   * (for training); nothing to do when already so.
   */
  void use(Session session, boolean averaged) {
    if (swap != null && averaged != averageInPlace) {
      session.run(swap);
      averageInPlace = averaged;
    }
  }

  /** The state came from a checkpoint, which holds the average in the network's place. */
  void cameFromCheckpoint() {
    averageInPlace = swap != null;
  }

  /**
   * The decay of the update after the step {@code control} describes, or null when there is none: no averaging,
   * or a step the average is not updated after.
   */
  TFloat32 decayTensor(StepControl control) {
    return stepDecay != null && control.averagedSteps() > 0
        ? TFloat32.scalarOf(averaging.decayOver(control.globalStep(), control.averagedSteps()))
        : null;
  }

  /**
   * {@code runner} that also updates the averages with {@code decay} (from {@link #decayTensor}); unchanged when
   * that is null.
   */
  Session.Runner feed(Session.Runner runner, TFloat32 decay) {
    return decay != null ? runner.feed(stepDecay, decay).addTarget(update) : runner;
  }
}
