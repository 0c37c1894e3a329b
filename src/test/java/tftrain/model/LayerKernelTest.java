package tftrain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

/** The kernels read from the built network are the network as the README's diagram has it. */
class LayerKernelTest {

  @Test
  void theKernelsAreReadFromTheBuiltNetworkWithItsPaddingAndClassCount() {
    List<LayerKernel> kernels = ModelSummary.of(new ModelSpec(5, 224, 0)).kernels();
    List<LayerKernel.Convolution> convolutions =
        kernels.stream().filter(LayerKernel.Convolution.class::isInstance)
            .map(LayerKernel.Convolution.class::cast).toList();
    // Shape.equals is false for unknown (-1) batch dimensions: compared as text.
    // conv1 reads its 3 colour channels and one of zeros (Layers.EVEN_CHANNELS), in the input and the kernel.
    assertEquals(new LayerKernel.Convolution("conv1", Shape.of(-1, 228, 228, 4), Shape.of(11, 11, 4, 96), 4, "VALID",
        Shape.of(-1, 55, 55, 96), 1).toString(), convolutions.get(0).toString());
    assertEquals(11 * 11 * 3 * 96, convolutions.get(0).realFilterSize(), "the kernel variable's weights");
    assertEquals(new LayerKernel.Convolution("conv2", Shape.of(-1, 27, 27, 96), Shape.of(5, 5, 96, 256), 1, "SAME",
        Shape.of(-1, 27, 27, 256), 0).toString(), convolutions.get(1).toString());
    assertEquals(List.of("SAME", "SAME", "SAME"),
        convolutions.subList(2, 5).stream().map(LayerKernel.Convolution::padding).toList());
    assertEquals(new LayerKernel.MaxPool("pool5", Shape.of(-1, 13, 13, 256), 3, 2, "VALID",
        Shape.of(-1, 6, 6, 256)).toString(),
        kernels.stream().filter(kernel -> kernel.layer().equals("pool5")).findFirst().orElseThrow().toString());
    assertEquals(new LayerKernel.MatMul("fc8", Shape.of(-1, 4096), Shape.of(4096, 5), Shape.of(-1, 5)).toString(),
        kernels.stream().filter(LayerKernel.MatMul.class::isInstance).reduce((first, second) -> second)
            .orElseThrow().toString());
    // Five convolutions and three dense layers each add a bias; all but fc8 have a ReLU.
    assertEquals(8, kernels.stream().filter(LayerKernel.BiasAdd.class::isInstance).count());
    assertEquals(7, kernels.stream().filter(LayerKernel.Relu.class::isInstance).count());
  }
}
