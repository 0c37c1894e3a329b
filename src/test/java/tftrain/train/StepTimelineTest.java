package tftrain.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.StepStats;

/** A step's timeline from hand-made step stats: spans in ms from the first op, overlap and the tail. */
class StepTimelineTest {

  private static NodeExecStats node(String name, String type, long startMicros, long durationMicros) {
    return NodeExecStats.newBuilder().setNodeName(name).setTimelineLabel(name + " = " + type + "(x, y)")
        .setAllStartMicros(startMicros).setAllEndRelMicros(durationMicros).build();
  }

  /** Forward 0–100 ms, backprop 100–500 ms, a gather inside it, a reduce half inside, the update after. */
  private static StepStats step() {
    long t0 = 1_000_000_000L;
    return StepStats.newBuilder().addDevStats(DeviceStepStats.newBuilder().setDevice("/job:worker/task:1/cpu:0")
        .addNodeStats(node("conv1/Conv2D", "_MklNativeFusedConv2D", t0, 100_000))
        .addNodeStats(node("gradients/conv5", "_MklNativeConv2DBackpropFilterWithBias", t0 + 100_000, 150_000))
        .addNodeStats(node("gradients/conv1", "_MklNativeConv2DBackpropInput", t0 + 250_000, 250_000))
        .addNodeStats(node("replicas/fc6/gather", "CollectiveGather", t0 + 150_000, 50_000))
        .addNodeStats(node("replicas/bucket5", "CollectiveReduce", t0 + 450_000, 100_000))
        .addNodeStats(node("momentum/fc6", "ApplyMomentum", t0 + 550_000, 50_000)))
        .build();
  }

  @Test
  void spansAreInMillisecondsFromTheFirstOp() {
    StepTimeline timeline = StepTimeline.of(step());
    assertEquals(600, timeline.stepMillis(), 1e-9);
    assertEquals(100, timeline.backpropStart(), 1e-9);
    assertEquals(500, timeline.backpropEnd(), 1e-9);
    assertEquals(List.of("CollectiveGather", "CollectiveReduce"),
        timeline.collectives().stream().map(StepTimeline.Span::type).toList(), "by start");
    assertEquals(100, timeline.afterBackpropMillis(), 1e-9);
    assertEquals(List.of(new StepTimeline.OpTime("ApplyMomentum", 50)), timeline.afterBackprop(),
        "only ops that start once backprop has ended");
  }

  @Test
  void theOverlapIsTheShareOfCollectiveTimeWithinBackprop() {
    // 50 ms of gather inside, 50 of the reduce's 100 ms inside: 100 of 150 ms.
    assertEquals(100.0 / 150, StepTimeline.of(step()).overlapShare(), 1e-9);
  }

  @Test
  void describeNamesEveryCollectiveAndTheTail() {
    List<String> lines = StepTimeline.of(step()).describe();
    assertEquals("after backprop: ApplyMomentum 50.0 ms", lines.get(3));
    assertEquals("step 600 ms; convolution backprop 100–500 ms", lines.get(0));
    assertTrue(lines.get(1).contains("CollectiveGather") && lines.get(1).contains("150.0–  200.0 ms"), lines.get(1));
    assertEquals("2 collectives, 67 % of their time during backprop; the step ends 100 ms after backprop",
        lines.get(lines.size() - 1));
  }

  @Test
  void aStepWithoutCollectivesOnlyReportsTheTail() {
    StepStats single = StepStats.newBuilder().addDevStats(DeviceStepStats.newBuilder()
        .addNodeStats(node("grad", "Conv2DBackpropFilter", 0, 80_000))
        .addNodeStats(node("update", "ApplyMomentum", 80_000, 20_000))).build();
    StepTimeline timeline = StepTimeline.of(single);
    assertEquals(0, timeline.overlapShare());
    assertEquals(List.of("step 100 ms; convolution backprop 0–80 ms", "after backprop: ApplyMomentum 20.0 ms",
        "the step ends 20 ms after backprop"), timeline.describe());
  }
}
