package tftrain.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import tftrain.BadInputException;

class WeightsRestoreTest {

  /** A graph with one variable {@code weight}, started and initialized to {@code value}. */
  private static Session oneVariable(GraphSession owner, float value) {
    try (GraphSession.Building building = owner.build()) {
      Ops tf = building.ops();
      Variable<TFloat32> weight = tf.withInitScope().withName("weight").variable(tf.withInitScope().constant(value));
      tf.withName("read").identity(weight);
      Session session = building.start(null);
      session.initialize();
      return session;
    }
  }

  @Test
  void restoresSavedValuesByName(@TempDir Path temp) {
    String prefix = temp.resolve("variables").toString();
    try (GraphSession saved = new GraphSession()) {
      oneVariable(saved, 7f).save(prefix);
    }
    try (GraphSession restored = new GraphSession()) {
      Session session = oneVariable(restored, 0f);
      WeightsRestore.restore(session, prefix);
      try (Result result = session.runner().fetch("read").run()) {
        assertEquals(7f, ((TFloat32) result.get(0)).getFloat());
      }
    }
  }

  @Test
  void aMissingOrDamagedCheckpointIsOneLineOfBadInput(@TempDir Path temp) throws Exception {
    try (GraphSession owner = new GraphSession()) {
      Session session = oneVariable(owner, 0f);
      String missing = temp.resolve("none").toString();
      BadInputException error = assertThrows(BadInputException.class, () -> WeightsRestore.restore(session, missing));
      assertTrue(error.getMessage().startsWith("cannot read the weights at " + missing + ": "), error.getMessage());
      assertEquals(-1, error.getMessage().indexOf('\n'), error.getMessage());

      String damaged = temp.resolve("damaged").toString();
      Files.writeString(Path.of(damaged + ".index"), "not a checkpoint index");
      Files.writeString(Path.of(damaged + ".data-00000-of-00001"), "garbage");
      assertThrows(BadInputException.class, () -> WeightsRestore.restore(session, damaged));
    }
  }
}
