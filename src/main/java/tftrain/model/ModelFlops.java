package tftrain.model;

import java.util.List;
import org.tensorflow.ndarray.Shape;

/**
 * Arithmetic per image, counted from the network's {@link LayerKernel}s: a convolution or a matrix product
 * does one multiply and one add per weight per output position. Training does the forward pass, the
 * gradient with respect to the inputs and the one with respect to the weights, each as much arithmetic
 * as the forward pass: 3× (conv1's input gradient is not needed, about 2 % of the total, and counted
 * anyway, as tools that quote AlexNet's 6.8 GFLOP per training image do).
 */
public final class ModelFlops {

  private ModelFlops() {}

  /** Multiply-adds ×2 of one image's forward pass; pools, bias additions and ReLUs are not counted. */
  public static double forwardPerImage(List<LayerKernel> kernels) {
    double flops = 0;
    for (LayerKernel kernel : kernels) {
      if (kernel instanceof LayerKernel.Convolution convolution) {
        Shape output = convolution.output();
        // Only real channels: conv1's channel of zeros is the same arithmetic to the network as none.
        flops += 2.0 * output.get(1) * output.get(2) * convolution.realFilterSize();
      } else if (kernel instanceof LayerKernel.MatMul product) {
        flops += 2.0 * product.weights().size();
      }
    }
    return flops;
  }

  /** Forward, input-gradient and weight-gradient passes of one image. */
  public static double trainingPerImage(List<LayerKernel> kernels) {
    return 3 * forwardPerImage(kernels);
  }
}
