package tftrain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The FLOP count against arithmetic done by hand from AlexNet's published layer sizes. */
class ModelFlopsTest {

  private static List<LayerKernel> kernels(int classes, int imageSize) {
    return ModelSummary.of(new ModelSpec(classes, imageSize, 0)).kernels();
  }

  private static List<LayerKernel> layer(List<LayerKernel> kernels, String name) {
    return kernels.stream().filter(kernel -> kernel.layer().equals(name)).toList();
  }

  @Test
  void alexNetAt224DoesTheWellKnown2point26GflopPerImageForwardAnd3TimesThatInTraining() {
    List<LayerKernel> kernels = kernels(2, 224);
    assertEquals(2.26e9, ModelFlops.forwardPerImage(kernels), 0.01e9);
    assertEquals(6.79e9, ModelFlops.trainingPerImage(kernels), 0.01e9);
  }

  @Test
  void eachLayerCountsTwoFlopsPerWeightPerOutputPositionAndPoolsCountNothing() {
    List<LayerKernel> kernels = kernels(10, 224);
    assertEquals(2.0 * 55 * 55 * (11 * 11 * 3) * 96, ModelFlops.forwardPerImage(layer(kernels, "conv1")));
    // SAME padding keeps conv2's 27×27 positions.
    assertEquals(2.0 * 27 * 27 * (5 * 5 * 96) * 256, ModelFlops.forwardPerImage(layer(kernels, "conv2")));
    assertEquals(2.0 * 4096 * 10, ModelFlops.forwardPerImage(layer(kernels, "fc8")));
    assertEquals(0.0, ModelFlops.forwardPerImage(layer(kernels, "pool1")));
  }

  @Test
  void theClassCountAndTheImageSizeReachTheCount() {
    assertEquals(2.0 * 4096 * 8,
        ModelFlops.forwardPerImage(kernels(10, 224)) - ModelFlops.forwardPerImage(kernels(2, 224)));
    // 100 px: conv1 sees 104 padded, (104 - 11) / 4 + 1 = 24 positions a side.
    assertEquals(2.0 * 24 * 24 * (11 * 11 * 3) * 96, ModelFlops.forwardPerImage(layer(kernels(2, 100), "conv1")));
  }
}
