package tftrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Bad multi-worker options fail with one line and exit code 2 before anything starts. */
class TrainClusterOptionsTest {

  private static void assertBadInput(String expected, String... args) {
    Run run = Run.of(args);
    assertEquals(2, run.exitCode(), run.out() + run.err());
    assertTrue(run.err().startsWith("tftrain: error: ") && run.err().contains(expected), run.err());
    assertEquals(1, run.err().lines().count(), run.err());
  }

  @Test
  void badClusterOptionsAreOneLineErrors() {
    assertBadInput("--cluster needs --task", "train", "--cluster", "127.0.0.1:1,127.0.0.1:2");
    assertBadInput("task must be between 0 and 1", "train", "--cluster", "127.0.0.1:1,127.0.0.1:2", "--task", "5");
    assertBadInput("worker address must be host:port", "train", "--cluster", "localhost,127.0.0.1:2", "--task", "0");
    assertBadInput("--cluster needs host:port", "train", "--task", "0");
    assertBadInput("only the chief (task 0) takes --resume", "train", "--cluster", "127.0.0.1:1,127.0.0.1:2",
        "--task", "1", "--resume", "somewhere");
  }
}
