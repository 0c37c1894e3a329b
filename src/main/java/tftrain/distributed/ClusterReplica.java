package tftrain.distributed;

import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import tftrain.train.Replica;

/** A worker of a cluster as a {@link Replica}: graphs pinned to its CPU, sums by collective all-reduce. */
final class ClusterReplica implements Replica {

  /**
   * Collectives per all-reduce of the gradients. On loopback, AlexNet's 58.3 M floats took 3.6–4.9 s in
   * one collective and ~0.6 s in 16 (see the README for the measured bucket counts).
   */
  static final int DEFAULT_BUCKETS = 16;
  /** Instance keys of the training graph: above the few of {@link ClusterSums}. */
  private static final int FIRST_GRAPH_INSTANCE_KEY = 100;

  private final WorkerServer server;
  private final ClusterSums sums;
  private final float timeoutSeconds;
  private final int buckets;
  /** Hands out the training graph's instance keys in build order; one training graph per process. */
  private CollectiveSum graphCollectives;

  ClusterReplica(WorkerServer server, ClusterSums sums, float timeoutSeconds, int buckets) {
    this.server = server;
    this.sums = sums;
    this.timeoutSeconds = timeoutSeconds;
    this.buckets = buckets;
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
    graphCollectives = new CollectiveSum(server.cluster(), timeoutSeconds, FIRST_GRAPH_INSTANCE_KEY);
    return tf.withDevice(graphCollectives.device());
  }

  @Override
  public Session openSession(Graph graph, ConfigProto config) {
    Session session = server.openSession(graph, config);
    try {
      session.initialize();
      return session;
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  @Override
  public List<Operand<TFloat32>> sumAcrossReplicas(Ops tf, List<Operand<TFloat32>> values) {
    if (graphCollectives == null) {
      throw new IllegalStateException("place() builds the graph's collectives first");
    }
    return graphCollectives.sumAll(tf, values, buckets);
  }

  @Override
  public double[] sum(double[] values) {
    return sums.sum(values);
  }
}
