package tftrain.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import tftrain.BadInputException;

class ClusterSpecTest {

  @Test
  void parsesClusterAndTask() {
    ClusterSpec spec = ClusterSpec.parse("host0:2222, host1:2223", 1);
    assertEquals(List.of("host0:2222", "host1:2223"), spec.workers());
    assertEquals(1, spec.task());
    assertEquals(2223, spec.port());
    assertEquals("host0", spec.host(0));
    assertEquals("grpc://host1:2223", spec.target());
    assertEquals("/job:worker/replica:0/task:1/device:CPU:0", spec.device());
    assertTrue(ClusterSpec.parse("[::1]:1,[::1]:2", 0).isChief());
    assertEquals("::1", ClusterSpec.parse("[::1]:1,[::1]:2", 0).host(1));
  }

  @Test
  void readsTfConfigAsKubeflowSetsIt() {
    ClusterSpec workers = ClusterSpec.fromTfConfig(
        "{\"cluster\":{\"worker\":[\"w0:2222\",\"w1:2222\",\"w2:2222\"]},\"task\":{\"type\":\"worker\",\"index\":2}}");
    assertEquals(ClusterSpec.parse("w0:2222,w1:2222,w2:2222", 2), workers);
    // TFJob with a separate chief replica: the chief is task 0, workers follow.
    String withChief = "{\"cluster\":{\"chief\":[\"c:1\"],\"worker\":[\"w0:1\",\"w1:1\"]},"
        + "\"task\":{\"type\":\"%s\",\"index\":%d}}";
    assertEquals(ClusterSpec.parse("c:1,w0:1,w1:1", 0), ClusterSpec.fromTfConfig(String.format(withChief, "chief", 0)));
    assertEquals(ClusterSpec.parse("c:1,w0:1,w1:1", 2),
        ClusterSpec.fromTfConfig(String.format(withChief, "worker", 1)));
  }

  @Test
  void badInputIsOneLineEach() {
    assertMessage("--cluster needs --task", () -> ClusterSpec.parse("a:1,b:2", null));
    assertMessage("at least 2 workers", () -> ClusterSpec.parse("a:1", 0));
    assertMessage("host:port, got \"a\"", () -> ClusterSpec.parse("a,b:2", 0));
    assertMessage("host:port, got \"\"", () -> ClusterSpec.parse("a:1,,b:2", 0));
    assertMessage("no numeric port", () -> ClusterSpec.parse("a:x,b:2", 0));
    assertMessage("outside 1–65535", () -> ClusterSpec.parse("a:70000,b:2", 0));
    assertMessage("appears twice", () -> ClusterSpec.parse("a:1,a:1", 0));
    assertMessage("task must be between 0 and 1", () -> ClusterSpec.parse("a:1,b:2", 2));
    assertMessage("not valid JSON", () -> ClusterSpec.fromTfConfig("{cluster"));
    assertMessage("no \"cluster\" object", () -> ClusterSpec.fromTfConfig("{\"task\":{}}"));
    assertMessage("no parameter servers", () -> ClusterSpec.fromTfConfig(
        "{\"cluster\":{\"worker\":[\"a:1\",\"b:1\"],\"ps\":[\"p:1\"]},\"task\":{\"type\":\"worker\",\"index\":0}}"));
    assertMessage("task type must be \"worker\"", () -> ClusterSpec.fromTfConfig(
        "{\"cluster\":{\"worker\":[\"a:1\",\"b:1\"]},\"task\":{\"type\":\"evaluator\",\"index\":0}}"));
    assertMessage("integer task index", () -> ClusterSpec.fromTfConfig(
        "{\"cluster\":{\"worker\":[\"a:1\",\"b:1\"]},\"task\":{\"type\":\"worker\",\"index\":\"x\"}}"));
  }

  private static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
    BadInputException error = assertThrows(BadInputException.class, call);
    assertTrue(error.getMessage().contains(part), error.getMessage());
    assertEquals(1, error.getMessage().lines().count(), error.getMessage());
  }

  @Test
  void aOneWorkerTfConfigMeansOneProcessTrainingAlone() {
    org.junit.jupiter.api.Assertions.assertNull(ClusterSpec.fromTfConfig(
        "{\"cluster\":{\"worker\":[\"w0:2222\"]},\"task\":{\"type\":\"worker\",\"index\":0}}"));
    org.junit.jupiter.api.Assertions.assertNull(ClusterSpec.fromTfConfig(
        "{\"cluster\":{\"chief\":[\"c:2222\"]},\"task\":{\"type\":\"chief\",\"index\":0}}"));
  }

  @Test
  void twoNamesOfOneEndpointAreRefusedAtOnceInsteadOfWaitingForAWorkerThatCannotStart() {
    String refused = org.junit.jupiter.api.Assertions.assertThrows(tftrain.BadInputException.class,
        () -> ClusterSpec.parse("localhost:2222,127.0.0.1:2222", 0)).getMessage();
    org.junit.jupiter.api.Assertions.assertTrue(
        refused.contains("localhost:2222 and 127.0.0.1:2222 are the same address"),
        refused);
    ClusterSpec.parse("localhost:2222,127.0.0.1:2223", 0); // two ports of one machine are two workers
  }
}
