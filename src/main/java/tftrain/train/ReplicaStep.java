package tftrain.train;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A replica's part of the training graph, built by {@link Replica#buildStep}: what the optimizer applies
 * (this process's gradients, or their mean over all replicas), how a step runs and reads its numbers, and
 * how the replicas start from the same state. {@link TrainingGraph} builds and runs every training graph
 * through one, so it has a single path for one process and for many.
 */
public interface ReplicaStep {

  /**
   * What a replica's step is made of.
   *
   * @param labels the batch's labels (their count is the batch's image count)
   * @param loss the batch's mean loss
   * @param correctCount how many of the batch's images are classified right
   * @param gradients the loss's gradient of every variable, the fully connected layers' as factors
   * @param imageSize the network's input side
   * @param reduceDtype the type the gradients travel in to the other replicas
   */
  record Terms(Operand<TInt32> labels, Operand<TFloat32> loss, Operand<TFloat32> correctCount,
      NetworkGradients gradients, int imageSize, ReduceDtype reduceDtype) {}

  /** One training step of this process's graph, prepared by {@link TrainingGraph} for the replica to run. */
  interface LocalRun {
    /**
     * A runner for the step on {@code images}: the rate, dropout and seed fed, the update as target, and the
     * loss, correct count and (when clipping) the gradient norm fetched; a replica's own fetches follow
     * from index {@link #fetchCount()}.
     */
    Session.Runner runner(TFloat32 images, TInt32 labels);

    /** Runs {@code runner} (built by {@link #runner}), traced if this step was asked for its timings. */
    Result run(Session.Runner runner);

    int fetchCount();

    /** The step's numbers as this process saw them. */
    StepResult result(Result result, TInt32 labels);

    /** The gradients' global norm before clipping, or NaN without clipping. */
    double gradientNorm(Result result);
  }

  /** The gradients the optimizer applies (before clipping), in the network's variable order. */
  List<Gradient> gradients();

  /** Builds what brings every replica to the chief's state: the weights and the optimizer's slots. */
  void buildStateSync(Ops tf, List<Variable<TFloat32>> weights, List<Variable<TFloat32>> slots);

  /** Sets this replica's state to the chief's (the chief's restored checkpoint or its initial values). */
  void syncState(Session session);

  /**
   * Runs one step.
   *
   * @param stopHere this process was asked to stop; replicas that share steps share the request
   */
  SharedStep run(LocalRun step, TFloat32 images, TInt32 labels, boolean stopHere);

  /** What the replica reports after each epoch's validation (a multi-worker run: its weights checksum). */
  void endEpoch(int epoch, Session session, TrainingListener listener);
}
