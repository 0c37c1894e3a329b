package tftrain.train;

import java.util.List;
import java.util.function.BooleanSupplier;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import tftrain.data.PlannedBatch;

/**
 * This process's part in data-parallel training: everything in which one process and a worker of many
 * differ, so that {@link Trainer} and {@link TrainingGraph} have one path for both. Which batches are this
 * process's, how a step's gradients and numbers are combined ({@link #buildStep}), how a stop request and
 * early stopping are agreed, and who writes the run folder. {@link #SOLE} is the single-process run; the
 * multi-worker implementation lives in {@code tftrain.distributed}.
 */
public interface Replica {

  /** A run on one process: all batches its own, nothing to share. */
  Replica SOLE = new SingleProcess();

  /**
   * The batches of an epoch this replica trains on.
   *
   * @param images the epoch's training images over all replicas (what the progress counts)
   */
  record EpochShare(List<PlannedBatch> batches, long images) {}

  /** This replica's index; 0 is the chief. */
  int index();

  /** How many replicas train together. */
  int count();

  default boolean isChief() {
    return index() == 0;
  }

  /**
   * Whether this process writes the run folder (checkpoints, metrics, models) and decides early stopping:
   * the chief only, so that one run folder has one writer.
   */
  default boolean writesRunFolder() {
    return isChief();
  }

  /** The scope a training graph builds its ops in (pinned to this replica's device). */
  Ops place(Ops tf);

  /** The session of a graph built in {@link #place}; its variables are initialized or initialize themselves. */
  Session openSession(Graph graph, ConfigProto config);

  /** Builds this replica's part of the training graph, in the graph's build order (called once per graph). */
  ReplicaStep buildStep(Ops tf, ReplicaStep.Terms terms);

  /** This replica's share of an epoch's training batches ({@code plan} is the global plan). */
  EpochShare trainingShare(List<PlannedBatch> plan, int globalBatch);

  /** The validation batches this replica evaluates. */
  List<PlannedBatch> validationShare(List<PlannedBatch> batches);

  /** The dropout seed of a training step on this replica. */
  long[] stepSeed(long seed, int epoch, int step);

  /** Whether a batch none of whose files decoded still joins its step (steps shared with others must all run). */
  boolean keepsEmptyBatches();

  /** Sums a few numbers over all replicas, now (every replica must call it at the same point). */
  double[] sum(double[] values);

  /**
   * The early-stopping decision every replica follows, given this process's (null: no stop); all replicas
   * call it after the same epoch.
   */
  String agreedStopReason(String local);

  /**
   * Whether to stop now, after a step or an epoch.
   *
   * @param agreedInStep the request shared in the last step ({@link SharedStep#stopRequested})
   * @param local this process's own stop request
   */
  boolean agreedStop(boolean agreedInStep, BooleanSupplier local);
}
