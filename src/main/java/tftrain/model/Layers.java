package tftrain.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.Scope;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * One helper per layer kind, so that a network reads like its diagram. Each helper puts its variables
 * under the layer's name ({@code conv1/kernel}, {@code conv1/bias}), which keeps checkpoints restorable
 * into any graph built by the same code, and records a {@link LayerInfo} for the summary.
 *
 * <p>Weights start from seeded stateless draws ({@link InitScheme}), so the same seed gives the same network.
 */
public final class Layers {

  /**
   * Convolutions read a multiple of this many input channels. oneDNN's bf16 convolutions take input channels
   * in pairs; given conv1's 3, one AMD EPYC (family 26, Zen 5, 2026-12-07) computed its forward pass wrong (NaN,
   * or 10³ times the fp32 result) under every ISA cap, while 4 channels were right there (1.6e-3, the rounding
   * of bf16) and bf16 pads to 4 anyway. In fp32 the zero channel cost conv1 no measurable time (same sitting).
   */
  static final int EVEN_CHANNELS = 2;

  private final Ops tf;
  private final long initSeed;
  private final InitScheme init;
  private final List<Variable<TFloat32>> variables = new ArrayList<>();
  private final List<LayerInfo> layers = new ArrayList<>();
  private final List<DenseLayer> denseLayers = new ArrayList<>();
  private int weightCount;
  private int dropoutCount;

  public Layers(Ops tf, long initSeed, InitScheme init) {
    this.tf = tf;
    this.initSeed = initSeed;
    this.init = init;
  }

  /**
   * A convolution over the input zero-padded by {@code padding} on every side, bias and ReLU: "SAME" where
   * that is what the padding amounts to, else an explicit pad and a VALID convolution. An odd number of input
   * channels (conv1's 3) is padded with one channel of zeros, in the input and in the kernel the convolution
   * reads (the variable keeps its shape): see {@link #EVEN_CHANNELS}.
   */
  public Operand<TFloat32> convRelu(
      String name, Operand<TFloat32> x, int kernelSize, int stride, int padding, int filters) {
    Ops layer = tf.withSubScope(name);
    long inChannels = x.shape().get(3);
    long fanIn = kernelSize * kernelSize * inChannels;
    Variable<TFloat32> kernel = kernel(layer, Shape.of(kernelSize, kernelSize, inChannels, filters), fanIn);
    Variable<TFloat32> bias = bias(layer, Shape.of(filters), fanIn);
    int extraChannels = (int) Math.floorMod(-inChannels, (long) EVEN_CHANNELS); // up to the next multiple
    Operand<TFloat32> weights = extraChannels == 0 ? kernel : layer.withName("kernel_even").pad(kernel,
        layer.constant(new int[][] {{0, 0}, {0, 0}, {0, extraChannels}, {0, 0}}), layer.constant(0f));
    Operand<TFloat32> convolved;
    List<Long> strides = List.of(1L, (long) stride, (long) stride, 1L);
    if (stride == 1 && kernelSize == 2 * padding + 1 && extraChannels == 0) {
      // "SAME" is exactly this zero padding here, and saves a Pad op forward and a Slice in its gradient.
      convolved = layer.nn.conv2d(x, weights, strides, "SAME");
    } else {
      // Conv2D's EXPLICIT padding has no working gradient in TF 2.18: pad first, then convolve VALID.
      Operand<TFloat32> padded =
          padding == 0 && extraChannels == 0
              ? x
              : layer.pad(
                  x,
                  layer.constant(new int[][] {{0, 0}, {padding, padding}, {padding, padding}, {0, extraChannels}}),
                  layer.constant(0f));
      convolved = layer.nn.conv2d(padded, weights, strides, "VALID");
    }
    Operand<TFloat32> output = layer.withName("relu").nn.relu(layer.nn.biasAdd(convolved, bias));
    record(name, output, kernel, bias);
    return output;
  }

  /**
   * Max pooling with a square window, no padding. Built as the classic {@code MaxPool} op (window and
   * strides as attributes): TF Java's {@code nn.maxPool} makes {@code MaxPoolV2}, whose tensor-valued
   * window oneDNN does not take, so its gradient ran on the generic kernel at 16 % of a training step.
   */
  public Operand<TFloat32> maxPool(String name, Operand<TFloat32> x, int window, int stride) {
    Scope scope = tf.withName(name).scope();
    Operation pool =
        scope
            .opBuilder("MaxPool", "MaxPool")
            .addInput(x.asOutput())
            .setAttr("ksize", new long[] {1, window, window, 1})
            .setAttr("strides", new long[] {1, stride, stride, 1})
            .setAttr("padding", "VALID")
            .build();
    Operand<TFloat32> output = pool.output(0);
    layers.add(new LayerInfo(name, output.shape(), 0));
    return output;
  }

  /** [N, H, W, C] to [N, H·W·C]. */
  public Operand<TFloat32> flatten(String name, Operand<TFloat32> x) {
    Shape shape = x.shape();
    int features = (int) (shape.get(1) * shape.get(2) * shape.get(3));
    Operand<TFloat32> output = tf.withName(name).reshape(x, tf.constant(new int[] {-1, features}));
    layers.add(new LayerInfo(name, output.shape(), 0));
    return output;
  }

  /**
   * Inverted dropout from a stateless mask; with rate 0 it passes {@code x} through unchanged. Without a
   * {@link Dropout} (inference graphs) it adds nothing to the graph.
   */
  public Operand<TFloat32> dropout(String name, Operand<TFloat32> x, Dropout dropout) {
    if (dropout == null) {
      return x;
    }
    Ops layer = tf.withSubScope(name);
    Operand<TInt32> shape = layer.shape(x);
    // Each dropout layer draws from its own stream of the step's seed.
    var seed = layer.math.add(dropout.seed(), layer.constant(new long[] {0, ++dropoutCount}));
    Operand<TFloat32> uniform = layer.random.statelessRandomUniform(shape, seed, TFloat32.class);
    Operand<TFloat32> keep =
        layer.dtypes.cast(layer.math.greaterEqual(uniform, dropout.rate()), TFloat32.class);
    Operand<TFloat32> scale = layer.math.div(layer.constant(1f), layer.math.sub(layer.constant(1f), dropout.rate()));
    Operand<TFloat32> output = layer.withName("output").math.mul(layer.math.mul(x, keep), scale);
    layers.add(new LayerInfo(name, output.shape(), 0));
    return output;
  }

  /** Fully connected layer followed by ReLU. */
  public Operand<TFloat32> denseRelu(String name, Operand<TFloat32> x, int units) {
    Ops layer = tf.withSubScope(name);
    DenseLayer affine = affine(name, layer, x, units);
    Operand<TFloat32> output = layer.withName("relu").nn.relu(affine.outputs());
    record(name, output, affine.kernel(), affine.bias());
    return output;
  }

  /** Fully connected layer without activation (the logits layer). */
  public Operand<TFloat32> dense(String name, Operand<TFloat32> x, int units) {
    DenseLayer affine = affine(name, tf.withSubScope(name), x, units);
    record(name, affine.outputs(), affine.kernel(), affine.bias());
    return affine.outputs();
  }

  /** Every variable made so far, in creation order: the trainable parameters. */
  public List<Variable<TFloat32>> variables() {
    return Collections.unmodifiableList(variables);
  }

  /** The fully connected layers made so far, in order, with what their gradients are made of. */
  public List<DenseLayer> denseLayers() {
    return Collections.unmodifiableList(denseLayers);
  }

  /** One entry per layer, in order. */
  public List<LayerInfo> layers() {
    return Collections.unmodifiableList(layers);
  }

  /** {@code x · kernel + bias}, recorded among the dense layers. */
  private DenseLayer affine(String name, Ops layer, Operand<TFloat32> x, int units) {
    long inFeatures = x.shape().get(1);
    Variable<TFloat32> kernel = kernel(layer, Shape.of(inFeatures, units), inFeatures);
    Variable<TFloat32> bias = bias(layer, Shape.of(units), inFeatures);
    Operand<TFloat32> output = layer.withName("output").nn.biasAdd(layer.linalg.matMul(x, kernel), bias);
    DenseLayer affine = new DenseLayer(name, x, output, kernel, bias);
    denseLayers.add(affine);
    return affine;
  }

  /** The layer's kernel, initialized by the network's {@link InitScheme} from its own random stream. */
  private Variable<TFloat32> kernel(Ops layer, Shape shape, long fanIn) {
    Ops init = layer.withInitScope();
    return track(init.withName("kernel").variable(this.init.kernel(init, shape, fanIn, initSeed, ++weightCount)));
  }

  private Variable<TFloat32> bias(Ops layer, Shape shape, long fanIn) {
    Ops init = layer.withInitScope();
    return track(init.withName("bias").variable(this.init.bias(init, shape, fanIn, initSeed, ++weightCount)));
  }

  private Variable<TFloat32> track(Variable<TFloat32> variable) {
    variables.add(variable);
    return variable;
  }

  private void record(String name, Operand<TFloat32> output, Variable<TFloat32> kernel, Variable<TFloat32> bias) {
    layers.add(new LayerInfo(name, output.shape(), kernel.shape().size() + bias.shape().size()));
  }
}
