package tftrain.model;

import org.tensorflow.ndarray.Shape;

/** One row of the model summary: a layer's name, its output shape and its trainable parameter count. */
public record LayerInfo(String name, Shape outputShape, long parameters) {}
