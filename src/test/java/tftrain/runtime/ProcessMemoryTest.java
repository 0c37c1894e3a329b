package tftrain.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcessMemoryTest {

  @Test
  void linuxReportsAPeakAtLeastAsHighAsTheCurrentResidentMemory() {
    double current = ProcessMemory.residentMegabytes();
    double peak = ProcessMemory.peakResidentMegabytes();
    // A JVM is tens of MB at least; the peak cannot be below what is resident now.
    assertTrue(current > 10, "resident " + current);
    assertTrue(peak >= current, "peak " + peak + " below resident " + current);
  }
}
