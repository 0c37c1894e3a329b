package tftrain.distributed;

import java.util.List;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TNumber;
import tftrain.train.ReduceDtype;

/**
 * Builds TensorFlow's collectives into a graph: the V1 {@code CollectiveReduce} op (merge Add, final Id) and
 * the V1 {@code CollectiveGather}, one per tensor, every one with its own instance key handed out in
 * graph-build order, so the same code builds the same keys on every worker. Not TF Java's
 * {@code collective.CollectiveReduce}: that wrapper is the V3 op, which needs a communicator resource
 * instead of the group keys used here.
 *
 * <p>Always with a timeout: a V1 collective with timeout 0 waits for a dead peer for ever.
 */
public final class Collectives {

  /** Every collective of a run is in one group: all workers' CPUs. */
  static final int GROUP_KEY = 1;

  private final ClusterSpec cluster;
  private final float timeoutSeconds;
  private final DeviceSpec device;
  private int nextInstanceKey;

  /**
   * @param firstInstanceKey the first key this builder hands out; graphs of one process need disjoint ranges
   */
  public Collectives(ClusterSpec cluster, float timeoutSeconds, int firstInstanceKey) {
    this.cluster = cluster;
    this.timeoutSeconds = timeoutSeconds;
    this.device = DeviceSpec.newBuilder().job(ClusterSpec.JOB).replica(0).task(cluster.task())
        .deviceType(DeviceSpec.DeviceType.CPU).deviceIndex(0).build();
    this.nextInstanceKey = firstInstanceKey;
  }

  /** This worker's CPU as a device spec: where a graph's ops are pinned. */
  public DeviceSpec device() {
    return device;
  }

  /** The element-wise sum of {@code value} over all workers (same shape and type on each). */
  public <T extends TNumber> Operand<T> sum(Ops tf, Operand<T> value) {
    int instanceKey = nextInstanceKey++;
    return tf.withDevice(device).scope().opBuilder("CollectiveReduce", "all_reduce_" + instanceKey)
        .addInput(value.asOutput())
        .setAttr("group_size", (long) cluster.size())
        .setAttr("group_key", (long) GROUP_KEY)
        .setAttr("instance_key", (long) instanceKey)
        .setAttr("merge_op", "Add")
        .setAttr("final_op", "Id")
        .setAttr("subdiv_offsets", new long[] {0})
        .setAttr("communication_hint", "auto")
        .setAttr("timeout_seconds", timeoutSeconds)
        .build()
        .<T>output(0);
  }

  /**
   * Every worker's {@code value} stacked along axis 0 in worker order: [workers × rows, …]. Every worker's
   * value must have the same static shape (the ring moves equal pieces).
   */
  public Operand<TFloat32> gather(Ops tf, Operand<TFloat32> value) {
    Shape shape = value.shape();
    if (shape.isUnknown() || shape.hasUnknownDimension() || shape.numDimensions() == 0) {
      throw new IllegalArgumentException("a gather needs a static shape of rank 1 or more, got " + shape);
    }
    int instanceKey = nextInstanceKey++;
    Operand<TFloat32> gathered = tf.withDevice(device).scope()
        .opBuilder("CollectiveGather", "all_gather_" + instanceKey)
        .addInput(value.asOutput())
        .setAttr("group_size", (long) cluster.size())
        .setAttr("group_key", (long) GROUP_KEY)
        .setAttr("instance_key", (long) instanceKey)
        .setAttr("shape", shape)
        .setAttr("communication_hint", "auto")
        .setAttr("timeout_seconds", timeoutSeconds)
        .build()
        .<TFloat32>output(0);
    long[] dims = shape.asArray().clone();
    dims[0] *= cluster.size();
    return tf.withDevice(device).reshape(gathered, tf.constant(dims));
  }

  /**
   * The element-wise sums of many float tensors, in buckets reduced in backprop order as soon as their own
   * tensors exist ({@link GradientBuckets}), each sent as {@code wire}.
   */
  public List<Operand<TFloat32>> sumAll(
      Ops tf, List<Operand<TFloat32>> values, GradientBuckets buckets, ReduceDtype wire) {
    Ops ops = tf.withDevice(device);
    return buckets.sum(ops, values, (scope, bucket) -> WireCasts.reduce(scope, bucket, wire, cluster.size(), this));
  }
}
