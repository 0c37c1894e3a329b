package tftrain.distributed;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TNumber;

/**
 * Builds TensorFlow's collective all-reduce into a graph: the V1 {@code CollectiveReduce} op (merge Add,
 * final Id), one per tensor, every one with its own instance key handed out in graph-build order, so the
 * same code builds the same keys on every worker. Not TF Java's {@code collective.CollectiveReduce}: that
 * wrapper is the V3 op, which needs a communicator resource instead of the group keys used here.
 *
 * <p>Always with a timeout: a V1 collective with timeout 0 waits for a dead peer for ever.
 */
public final class CollectiveSum {

  /** Every collective of a run is in one group: all workers' CPUs. */
  static final int GROUP_KEY = 1;

  private final ClusterSpec cluster;
  private final float timeoutSeconds;
  private final DeviceSpec device;
  private int nextInstanceKey;

  /**
   * @param firstInstanceKey the first key this builder hands out; graphs of one process need disjoint ranges
   */
  public CollectiveSum(ClusterSpec cluster, float timeoutSeconds, int firstInstanceKey) {
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
   * The element-wise sums of many float tensors in {@code buckets} collectives of equal size: the
   * tensors are flattened into one vector, padded with zeros to a multiple of {@code buckets}, reduced
   * piece by piece and cut back into their shapes. Many mid-size reduces overlap on the wire where one
   * huge one cannot (measured: 58 M floats in 1 reduce 3.6–4.9 s, in 16 about 0.6 s on loopback), and
   * equal sizes avoid a race seen between concurrent collectives of different shapes on a first step.
   */
  public List<Operand<TFloat32>> sumAll(Ops tf, List<Operand<TFloat32>> values, int buckets) {
    Ops ops = tf.withDevice(device);
    List<Operand<TFloat32>> flat = new ArrayList<>();
    List<Shape> shapes = new ArrayList<>();
    long total = 0;
    for (Operand<TFloat32> value : values) {
      Shape shape = value.shape();
      if (shape.isUnknown() || shape.hasUnknownDimension()) {
        throw new IllegalArgumentException("all-reduce needs static shapes, got " + shape + " for " + value);
      }
      shapes.add(shape);
      total += shape.size();
      flat.add(ops.reshape(value, ops.constant(new long[] {-1})));
    }
    int pieces = (int) Math.max(1, Math.min(buckets, total));
    long bucketSize = (total + pieces - 1) / pieces;
    long padding = bucketSize * pieces - total;
    if (padding > 0) {
      flat.add(ops.zeros(ops.constant(new long[] {padding}), TFloat32.class));
    }
    Operand<TFloat32> vector = flat.size() == 1 ? flat.get(0) : ops.concat(flat, ops.constant(0));
    List<Operand<TFloat32>> reducedPieces = new ArrayList<>();
    for (int i = 0; i < pieces; i++) {
      Operand<TFloat32> piece =
          ops.slice(vector, ops.constant(new long[] {i * bucketSize}), ops.constant(new long[] {bucketSize}));
      reducedPieces.add(sum(ops, piece));
    }
    Operand<TFloat32> reduced = pieces == 1 ? reducedPieces.get(0) : ops.concat(reducedPieces, ops.constant(0));
    List<Operand<TFloat32>> results = new ArrayList<>();
    long offset = 0;
    for (Shape shape : shapes) {
      Operand<TFloat32> part =
          ops.slice(reduced, ops.constant(new long[] {offset}), ops.constant(new long[] {shape.size()}));
      results.add(ops.reshape(part, ops.constant(shape.asArray())));
      offset += shape.size();
    }
    return results;
  }
}
