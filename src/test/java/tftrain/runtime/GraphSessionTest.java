package tftrain.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class GraphSessionTest {

  @Test
  void aStartedSessionRunsTheGraphAndClosingClosesBoth() {
    GraphSession owner = new GraphSession();
    Session session;
    try (GraphSession.Building building = owner.build()) {
      Ops tf = building.ops();
      tf.withName("sum").math.add(tf.constant(2f), tf.constant(3f));
      session = building.start(null);
    }
    try (Result result = session.runner().fetch("sum").run()) {
      assertEquals(5f, ((TFloat32) result.get(0)).getFloat());
    }
    owner.close();
    assertThrows(IllegalStateException.class, () -> owner.graph().operation("sum"));
    assertThrows(IllegalStateException.class, () -> session.runner().fetch("sum").run());
  }

  @Test
  void aBuildGivenUpBeforeStartClosesTheGraph() {
    GraphSession owner = new GraphSession();
    Graph graph = owner.graph();
    assertThrows(IllegalArgumentException.class, () -> {
      try (GraphSession.Building building = owner.build()) {
        building.ops().constant(1f);
        throw new IllegalArgumentException("a layer that cannot be built");
      }
    });
    assertThrows(IllegalStateException.class, () -> graph.operation("Const"));
  }
}
