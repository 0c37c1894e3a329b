package tftrain.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class KernelLibraryProbeTest {

  /** This JVM's switch is whatever Surefire inherited; the probe must agree with what TensorFlow does with it. */
  @Test
  void theProbeSeesTheLibraryTensorFlowPicksForThisCpuAndSwitch() throws Exception {
    String cpuinfo = Files.readString(Path.of("/proc/cpuinfo")); // the real CPU, whatever the test seam says
    String value = System.getenv(OneDnnChooser.SWITCH_VARIABLE);
    boolean expected = value == null || !(value.equals("0") || value.equals("1"))
        ? CpuFeatures.fromCpuinfo(cpuinfo).tensorFlowTurnsOneDnnOn()
        : value.equals("1");
    assertEquals(expected, KernelLibraryProbe.oneDnnRuns(), "TF_ENABLE_ONEDNN_OPTS=" + value);
  }
}
