package tftrain.model;

import org.tensorflow.Operand;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A fully connected layer as its gradient sees it: {@code outputs = inputs · kernel + bias} (before any
 * activation). The loss's gradient of the kernel is inputsᵀ · ∂loss/∂outputs and that of the bias the column
 * sums of ∂loss/∂outputs, so both follow from two factors of N rows ([N, in] and [N, out]) instead of an
 * [in, out] matrix: for AlexNet's fc6 at 16 images, 0.2 M floats instead of 37.7 M.
 *
 * @param inputs the layer's input [N, in], after dropout
 * @param outputs the affine output [N, out], before the activation
 */
public record DenseLayer(String name, Operand<TFloat32> inputs, Operand<TFloat32> outputs, Variable<TFloat32> kernel,
    Variable<TFloat32> bias) {}
