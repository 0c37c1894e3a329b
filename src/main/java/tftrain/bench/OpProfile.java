package tftrain.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.StepStats;
import tftrain.train.StepTimeline;

/**
 * Where a step's time goes: TensorFlow's per-op timings (a FULL_TRACE run's step stats) summed by op type,
 * e.g. "_MklNativeConv2DBackpropFilter 31 %". Op time summed over threads, so shares are of the busy time.
 */
public record OpProfile(List<Entry> entries, long totalMicros) {

  /** One op type's summed time and how many nodes ran. */
  public record Entry(String opType, long micros, int nodes) {}

  public static OpProfile of(StepStats stats) {
    Map<String, long[]> byType = new HashMap<>();
    long total = 0;
    for (DeviceStepStats device : stats.getDevStatsList()) {
      for (NodeExecStats node : device.getNodeStatsList()) {
        long micros = node.getAllEndRelMicros();
        long[] sums = byType.computeIfAbsent(StepTimeline.opType(node), type -> new long[2]);
        sums[0] += micros;
        sums[1]++;
        total += micros;
      }
    }
    List<Entry> entries = new ArrayList<>();
    byType.forEach((type, sums) -> entries.add(new Entry(type, sums[0], (int) sums[1])));
    entries.sort((a, b) -> Long.compare(b.micros(), a.micros()));
    return new OpProfile(entries, total);
  }
}
