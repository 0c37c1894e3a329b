package tftrain.model;

import java.util.List;

/**
 * Arithmetic per image, counted from the layer shapes: a convolution or fully connected layer does one
 * multiply and one add per kernel weight per output position. Training does the forward pass, the
 * gradient with respect to the inputs and the one with respect to the weights, each as much arithmetic
 * as the forward pass: 3× (conv1's input gradient is not needed, about 2 % of the total, and counted
 * anyway, as tools that quote AlexNet's 6.8 GFLOP per training image do).
 */
public final class ModelFlops {

  private ModelFlops() {}

  /** Multiply-adds ×2 of one image's forward pass through {@code layers}; pools and ReLUs are not counted. */
  public static double forwardPerImage(List<LayerInfo> layers) {
    double flops = 0;
    for (LayerInfo layer : layers) {
      if (layer.parameters() == 0) {
        continue;
      }
      long outputs = layer.outputShape().get(layer.outputShape().numDimensions() - 1);
      long positions = 1;
      for (int axis = 1; axis < layer.outputShape().numDimensions() - 1; axis++) {
        positions *= layer.outputShape().get(axis);
      }
      long kernelWeights = layer.parameters() - outputs; // less one bias per output
      flops += 2.0 * positions * kernelWeights;
    }
    return flops;
  }

  /** Forward, input-gradient and weight-gradient passes of one image. */
  public static double trainingPerImage(List<LayerInfo> layers) {
    return 3 * forwardPerImage(layers);
  }
}
