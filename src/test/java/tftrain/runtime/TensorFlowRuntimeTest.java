package tftrain.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TensorFlowRuntimeTest {

  @Test
  void theBuildRecordsTheVersionsItWasMadeWith() {
    assertEquals("2.18.0", TensorFlowRuntime.tensorFlowVersion());
    assertEquals("1.1.0", TensorFlowRuntime.buildProperty("tensorflow.version"));
    assertTrue(TensorFlowRuntime.tftrainVersion().matches("\\d+\\.\\d+\\.\\d+.*"), TensorFlowRuntime.tftrainVersion());
    assertEquals("unknown", TensorFlowRuntime.buildProperty("no.such.key"));
  }

  @Test
  void tensorFlowSeesTheCpuAndTheDescriptionNamesIt() {
    List<String> devices = TensorFlowRuntime.listDevices();
    assertTrue(devices.stream().anyMatch(device -> device.startsWith("CPU /job:localhost/")), devices.toString());
    String description = TensorFlowRuntime.computeDeviceDescription();
    // On the CPU it also says which kernel library runs and why.
    assertTrue(description.equals("CPU (" + Runtime.getRuntime().availableProcessors() + " cores), "
        + OneDnnChooser.inThisProcess().describe()) || description.startsWith("GPU ("), description);
  }
}
