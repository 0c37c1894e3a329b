package tftrain.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.ConfigProto;

/**
 * The op-level check runs every AlexNet op at its real 224×224 shapes (batch 2 here, for speed). Whether
 * the ops pass depends on the machine's kernels, which is what the check is for, so this test asserts
 * that each op was measured, not that this machine is a good one.
 */
class OpPrecisionCheckTest {

  @Test
  void measuresEveryOpOfAlexNetInBothPrecisions() {
    ConfigProto config = ConfigProto.newBuilder().setIntraOpParallelismThreads(2).setInterOpParallelismThreads(1).build();
    List<OpError> errors = new OpPrecisionCheck(2, config).run(1);

    assertEquals(5 * 4 + 3 * 2 + 3 * 3 + 1, errors.size());
    assertEquals("conv1 forward", errors.get(0).op());
    assertTrue(errors.stream().anyMatch(error -> error.op().equals("conv2 backward-input")));
    assertTrue(errors.stream().anyMatch(error -> error.op().equals("fc6 backward-weights")));
    for (OpError error : errors) {
      assertTrue(error.relativeError() >= 0 || Double.isNaN(error.relativeError()), error.toString());
    }
    // A max-pool only selects values, so bf16 inputs come back exactly: a check that could not see this
    // would not be comparing the same inputs.
    errors.stream().filter(error -> error.op().endsWith("pool1 forward") || error.op().equals("pool1 forward"))
        .forEach(error -> assertEquals(0.0, error.relativeError(), error.toString()));
  }

  @Test
  void aResultIsJudgedByTheTolerance() {
    assertTrue(new OpError("conv1 forward", 0.0017, true).passes());
    assertTrue(!new OpError("conv1 forward", 0.9, true).passes());
    assertTrue(!new OpError("conv1 forward", 0.001, false).passes());
    assertTrue(!new OpError("conv1 forward", Double.NaN, false).passes());
  }
}
