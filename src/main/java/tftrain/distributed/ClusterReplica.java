package tftrain.distributed;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import tftrain.data.EpochPlan;
import tftrain.data.PlannedBatch;
import tftrain.train.ReduceDtype;
import tftrain.train.Replica;
import tftrain.train.ReplicaStep;

/**
 * A worker of a cluster as a {@link Replica}: graphs pinned to its CPU, steps in lockstep with the others
 * ({@link ReplicaMeanStep}), each step on its slice of the global batch, sums by collective all-reduce,
 * stop requests and early stopping agreed by all.
 */
final class ClusterReplica implements Replica {

  /**
   * About how many buckets the all-reduced gradients are cut into. With fc6 and fc7 exchanged as factors, what
   * is all-reduced is the convolutions' and fc8's 3.8 M floats of AlexNet at 224, so 6 buckets of about 0.6 M
   * (2.5 MB), each sent as soon as backprop has made it. Measured against 32 (docs/multi-worker.md): the same
   * speed within the noise, with fewer round trips; before the factors, 32 buckets of 1.8 M let fc6 overlap the
   * convolutions' backprop.
   */
  static final int DEFAULT_BUCKETS = 6;
  /** Instance keys of the training graph: above the few of {@link ClusterSums}. */
  private static final int FIRST_GRAPH_INSTANCE_KEY = 100;

  private final WorkerServer server;
  private final ClusterSums sums;
  private final float timeoutSeconds;
  private final int buckets;
  /** Images of a worker's step: its slice of the global batch. */
  private final int rowsPerWorker;
  /** Hands out the training graph's instance keys in build order; one training graph per process. */
  private Collectives graphCollectives;

  /** @param rowsPerWorker the images of a worker's step (the global batch over the workers) */
  ClusterReplica(WorkerServer server, ClusterSums sums, float timeoutSeconds, int buckets, int rowsPerWorker) {
    this.server = server;
    this.sums = sums;
    this.timeoutSeconds = timeoutSeconds;
    this.buckets = buckets;
    this.rowsPerWorker = rowsPerWorker;
  }

  @Override
  public int index() {
    return server.cluster().task();
  }

  @Override
  public int count() {
    return server.cluster().size();
  }

  @Override
  public Ops place(Ops tf) {
    graphCollectives = new Collectives(server.cluster(), timeoutSeconds, FIRST_GRAPH_INSTANCE_KEY);
    return tf.withDevice(graphCollectives.device());
  }

  @Override
  public Session openSession(Graph graph, ConfigProto config) {
    Session session = server.openSession(graph, ClusterSessionConfig.forWorker(config));
    try {
      session.initialize();
      return session;
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  @Override
  public ReplicaStep buildStep(Ops tf, ReplicaStep.Terms terms) {
    if (graphCollectives == null) {
      throw new IllegalStateException("place() builds the graph's collectives first");
    }
    GradientBuckets whole = new GradientBuckets(Long.MAX_VALUE);
    return new ReplicaMeanStep(tf, terms,
        (ops, values) ->
            graphCollectives.sumAll(ops, values, GradientBuckets.about(buckets, values), terms.reduceDtype()),
        // The step's counts and the chief's state are copied exactly, whatever the gradients travel in.
        (ops, values) -> graphCollectives.sumAll(ops, values,
            values.size() == 1 ? whole : GradientBuckets.about(buckets, values), ReduceDtype.FP32),
        // The factors are a few rows: exact in fp32, whatever the buckets travel in.
        new FactorExchange(graphCollectives::gather, rowsPerWorker, count()),
        isChief());
  }

  /**
   * Lockstep: every worker runs the same steps, so the uneven remainder of the epoch is dropped; each
   * worker takes its slice of every global batch.
   */
  @Override
  public EpochShare trainingShare(List<PlannedBatch> plan, int globalBatch) {
    List<PlannedBatch> full = plan.stream().filter(batch -> batch.samples().size() == globalBatch).toList();
    long images = full.stream().mapToLong(batch -> batch.samples().size()).sum();
    return new EpochShare(EpochPlan.shard(full, globalBatch, count(), index()), images);
  }

  /** Every count-th validation batch, from this worker's index; the totals are summed afterwards. */
  @Override
  public List<PlannedBatch> validationShare(List<PlannedBatch> batches) {
    List<PlannedBatch> mine = new ArrayList<>();
    for (int i = index(); i < batches.size(); i += count()) {
      mine.add(batches.get(i));
    }
    return mine;
  }

  /** The worker index is mixed in, so workers draw different dropout masks. */
  @Override
  public long[] stepSeed(long seed, int epoch, int step) {
    return EpochPlan.stepSeed(seed, epoch, step, index());
  }

  @Override
  public boolean keepsEmptyBatches() {
    return true;
  }

  /**
   * The chief's early-stopping decision, on every worker (all call this after the same epoch, as the
   * patience is the chief's; a resumed worker has not the run's history that early stopping reads).
   */
  @Override
  public String agreedStopReason(String local) {
    double chiefStops = sum(new double[] {isChief() && local != null ? 1 : 0})[0];
    if (chiefStops == 0) {
      return null;
    }
    return isChief() ? local : "early stopping on the chief (task 0)";
  }

  /** Workers stop on the request they all agreed on in a step's all-reduce, so after the same step. */
  @Override
  public boolean agreedStop(boolean agreedInStep, BooleanSupplier local) {
    return agreedInStep;
  }

  @Override
  public double[] sum(double[] values) {
    return sums.sum(values);
  }
}
