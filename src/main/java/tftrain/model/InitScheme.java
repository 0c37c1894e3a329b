package tftrain.model;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * How a layer's weights start. The seed (PyTorch's AlexNet) draws kernels and biases alike from
 * U(±1/√fan_in); Xavier/Glorot and He scale the kernel to keep the activations' variance through the
 * layers, and start biases at zero, as Keras does.
 *
 * <p>Written here rather than taken from tensorflow-framework 1.1.0: measured on AlexNet's variables, its
 * {@code Glorot(UNIFORM)} draws from U(0, limit), not U(−limit, limit) (all weights positive: the first
 * loss was 3·10⁴), and for 4-D conv kernels its fans come out about ten times too large.
 */
public enum InitScheme {
  /** PyTorch's default for Conv2d and Linear: kernel and bias from U(±1/√fan_in). The seed's. */
  PYTORCH,
  /** Glorot uniform kernel, U(±√(6 / (fan_in + fan_out))), zero bias. */
  XAVIER,
  /** He uniform kernel, U(±√(6 / fan_in)) (variance 2 / fan_in, made for ReLU), zero bias. */
  HE;

  /**
   * A kernel of {@code shape} whose last dimension is the outputs and whose other dimensions are the inputs
   * of one output ({@code fanIn} in all). {@code stream} numbers the variables of a network, so each draws
   * its own values from the run's {@code initSeed}.
   */
  Operand<TFloat32> kernel(Ops init, Shape shape, long fanIn, long initSeed, int stream) {
    long receptiveField = fanIn / shape.get(shape.numDimensions() - 2);
    long fanOut = receptiveField * shape.get(shape.numDimensions() - 1);
    double bound = switch (this) {
      case PYTORCH -> 1.0 / Math.sqrt(fanIn);
      case XAVIER -> Math.sqrt(6.0 / (fanIn + fanOut));
      case HE -> Math.sqrt(6.0 / fanIn);
    };
    return uniformWithin(init, shape, bound, initSeed, stream);
  }

  /** A bias of {@code shape} for a layer with {@code fanIn} inputs per output. */
  Operand<TFloat32> bias(Ops init, Shape shape, long fanIn, long initSeed, int stream) {
    return this == PYTORCH
        ? uniformWithin(init, shape, 1.0 / Math.sqrt(fanIn), initSeed, stream)
        : init.zeros(init.constant(shape.asArray()), TFloat32.class);
  }

  private static Operand<TFloat32> uniformWithin(Ops init, Shape shape, double bound, long initSeed, int stream) {
    Operand<TFloat32> unit =
        init.random.statelessRandomUniform(
            init.constant(shape.asArray()), init.constant(new long[] {initSeed, stream}), TFloat32.class);
    return init.math.sub(init.math.mul(unit, init.constant((float) (2 * bound))), init.constant((float) bound));
  }
}
