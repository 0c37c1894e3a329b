package tftrain.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProcessStatusTest {

  @Test
  void aFieldIsReadTrimmedAndAMissingOneIsEmpty() {
    // This JVM's own pid, as Linux reports it in the Pid: line.
    assertEquals(Optional.of(Long.toString(ProcessHandle.current().pid())), ProcessStatus.field("Pid:"));
    assertTrue(ProcessStatus.field("NoSuchField:").isEmpty());
  }
}
