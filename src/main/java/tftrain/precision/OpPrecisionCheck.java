package tftrain.precision;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.Scope;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TNumber;

/**
 * Runs each kind of arithmetic AlexNet's training step is made of, at AlexNet's real shapes, once in fp32
 * and once in bf16 on the same inputs, and reports how far apart they are. This is how a wrong bf16 kernel
 * is found: bf16 keeps 8 bits of mantissa, so a correct kernel lands within about 1e-2 of fp32 (relative
 * L2 error), while a broken one is off by orders of magnitude or returns non-finite values.
 *
 * <p>The fp32 reference computes on the bf16-rounded inputs, so the error measured is the kernel's own
 * (its accumulation and output rounding), not the rounding of its inputs. The ops are the explicit bf16
 * ops (Conv2D, Conv2DBackpropInput/Filter, MatMul, MaxPool, MaxPoolGrad, BiasAddGrad, ReluGrad), which
 * TensorFlow hands to oneDNN exactly as it does after the mixed-precision rewrite.
 */
public final class OpPrecisionCheck {

  /** One convolution of AlexNet: input side after padding, kernel, stride, channels in and out. */
  record ConvShape(String name, int paddedSide, int kernel, int stride, int inChannels, int outChannels) {
    int outSide() {
      return (paddedSide - kernel) / stride + 1;
    }
  }

  /** One max-pool: input side and channels (window 3, stride 2). */
  record PoolShape(String name, int side, int channels) {}

  /** One fully connected layer. */
  record DenseShape(String name, int inFeatures, int units) {}

  /** AlexNet at 224×224 input (padding included in the conv inputs). */
  static final List<ConvShape> CONVS =
      List.of(
          new ConvShape("conv1", 228, 11, 4, 3, 96),
          new ConvShape("conv2", 31, 5, 1, 96, 256),
          new ConvShape("conv3", 15, 3, 1, 256, 384),
          new ConvShape("conv4", 15, 3, 1, 384, 384),
          new ConvShape("conv5", 15, 3, 1, 384, 256));

  static final List<PoolShape> POOLS =
      List.of(new PoolShape("pool1", 55, 96), new PoolShape("pool2", 27, 256), new PoolShape("pool5", 13, 256));

  static final List<DenseShape> DENSES =
      List.of(new DenseShape("fc6", 9216, 4096), new DenseShape("fc7", 4096, 4096), new DenseShape("fc8", 4096, 2));

  private final int batchSize;
  private final ConfigProto sessionConfig;

  /**
   * @param batchSize images per batch (AlexNet's default is 64; kernels are chosen by shape, so the check
   *     is truest at the batch the run uses)
   * @param sessionConfig threads for the check's session; must not enable the mixed-precision rewrite
   */
  public OpPrecisionCheck(int batchSize, ConfigProto sessionConfig) {
    this.batchSize = batchSize;
    this.sessionConfig = sessionConfig;
  }

  /** Every op's bf16-vs-fp32 error, in AlexNet's order, worst repetition of {@code repetitions} runs. */
  public List<OpError> run(int repetitions) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      List<Comparison> comparisons = buildComparisons(tf);
      double[] worstError = new double[comparisons.size()];
      boolean[] allFinite = new boolean[comparisons.size()];
      Arrays.fill(allFinite, true);
      try (Session session = new Session(graph, sessionConfig)) {
        // Repeated runs catch kernels that are right the first time and wrong on reuse (cached primitives).
        for (int repetition = 0; repetition < repetitions; repetition++) {
          Session.Runner runner = session.runner();
          for (Comparison comparison : comparisons) {
            runner.fetch(comparison.relativeError()).fetch(comparison.finite());
          }
          try (Result result = runner.run()) {
            for (int i = 0; i < comparisons.size(); i++) {
              double error = ((TFloat32) result.get(2 * i)).getFloat();
              boolean finite = ((TBool) result.get(2 * i + 1)).getBoolean();
              worstError[i] = Double.isNaN(error) ? Double.NaN : Math.max(worstError[i], error);
              allFinite[i] &= finite;
            }
          }
        }
      }
      List<OpError> errors = new ArrayList<>();
      for (int i = 0; i < comparisons.size(); i++) {
        errors.add(new OpError(comparisons.get(i).name(), worstError[i], allFinite[i]));
      }
      return errors;
    }
  }

  private record Comparison(String name, Operand<TFloat32> relativeError, Operand<TBool> finite) {}

  private List<Comparison> buildComparisons(Ops tf) {
    List<Comparison> comparisons = new ArrayList<>();
    Inputs inputs = new Inputs(tf);
    for (ConvShape conv : CONVS) {
      Ops layer = tf.withSubScope(conv.name());
      int out = conv.outSide();
      Operand<TFloat32> x = inputs.uniform(Shape.of(batchSize, conv.paddedSide(), conv.paddedSide(), conv.inChannels()));
      Operand<TFloat32> w =
          inputs.normal(Shape.of(conv.kernel(), conv.kernel(), conv.inChannels(), conv.outChannels()),
              Math.sqrt(2.0 / (conv.kernel() * conv.kernel() * conv.inChannels())));
      Operand<TFloat32> dy = inputs.normal(Shape.of(batchSize, out, out, conv.outChannels()), 1.0);
      List<Long> strides = List.of(1L, (long) conv.stride(), (long) conv.stride(), 1L);
      comparisons.add(compare(layer, conv.name() + " forward", new Operand<?>[] {x, w},
          (ops, in) -> ops.nn.conv2d(in.get(0), in.get(1), strides, "VALID")));
      Operand<TInt32> inputSizes =
          layer.constant(new int[] {batchSize, conv.paddedSide(), conv.paddedSide(), conv.inChannels()});
      comparisons.add(compare(layer, conv.name() + " backward-input", new Operand<?>[] {w, dy},
          (ops, in) -> ops.nn.conv2dBackpropInput(inputSizes, in.get(0), in.get(1), strides, "VALID")));
      Operand<TInt32> filterSizes =
          layer.constant(new int[] {conv.kernel(), conv.kernel(), conv.inChannels(), conv.outChannels()});
      comparisons.add(compare(layer, conv.name() + " backward-filter", new Operand<?>[] {x, dy},
          (ops, in) -> ops.nn.conv2dBackpropFilter(in.get(0), filterSizes, in.get(1), strides, "VALID")));
      comparisons.add(compare(layer, conv.name() + " bias-gradient", new Operand<?>[] {dy},
          (ops, in) -> ops.nn.biasAddGrad(in.get(0))));
    }
    for (PoolShape pool : POOLS) {
      Ops layer = tf.withSubScope(pool.name());
      int out = (pool.side() - 3) / 2 + 1;
      Operand<TFloat32> x = inputs.uniform(Shape.of(batchSize, pool.side(), pool.side(), pool.channels()));
      Operand<TFloat32> dy = inputs.normal(Shape.of(batchSize, out, out, pool.channels()), 1.0);
      comparisons.add(compare(layer, pool.name() + " forward", new Operand<?>[] {x},
          (ops, in) -> maxPool(ops, "MaxPool", in.get(0))));
      comparisons.add(compare(layer, pool.name() + " backward", new Operand<?>[] {x, dy},
          (ops, in) -> maxPoolGrad(ops, in.get(0), maxPool(ops, "MaxPool", in.get(0)), in.get(1))));
    }
    for (DenseShape dense : DENSES) {
      Ops layer = tf.withSubScope(dense.name());
      Operand<TFloat32> x = inputs.uniform(Shape.of(batchSize, dense.inFeatures()));
      Operand<TFloat32> w = inputs.normal(Shape.of(dense.inFeatures(), dense.units()), Math.sqrt(2.0 / dense.inFeatures()));
      Operand<TFloat32> dy = inputs.normal(Shape.of(batchSize, dense.units()), 1.0);
      comparisons.add(compare(layer, dense.name() + " forward", new Operand<?>[] {x, w},
          (ops, in) -> ops.linalg.matMul(in.get(0), in.get(1))));
      comparisons.add(compare(layer, dense.name() + " backward-input", new Operand<?>[] {dy, w},
          (ops, in) -> ops.linalg.matMul(in.get(0), in.get(1), MatMul.transposeB(true))));
      comparisons.add(compare(layer, dense.name() + " backward-weights", new Operand<?>[] {x, dy},
          (ops, in) -> ops.linalg.matMul(in.get(0), in.get(1), MatMul.transposeA(true))));
    }
    Ops relu = tf.withSubScope("relu");
    Operand<TFloat32> features = inputs.normal(Shape.of(batchSize, 27, 27, 256), 1.0);
    Operand<TFloat32> gradients = inputs.normal(Shape.of(batchSize, 27, 27, 256), 1.0);
    comparisons.add(compare(relu, "relu backward", new Operand<?>[] {gradients, features},
        (ops, in) -> ops.nn.reluGrad(in.get(0), in.get(1))));
    return comparisons;
  }

  /**
   * The op under test, built once per precision on inputs already in that precision. Raw types: the same
   * lambda builds the fp32 and the bf16 op, which Java's generics cannot express for a lambda.
   */
  @SuppressWarnings("rawtypes")
  private interface OpUnderTest {
    Operand build(Ops tf, List<Operand> inputs);
  }

  /**
   * Relative L2 error of the bf16 op against the fp32 op on the same (bf16-rounded) inputs, and whether
   * the bf16 result is all finite.
   */
  @SuppressWarnings({"rawtypes", "unchecked"})
  private static Comparison compare(Ops tf, String name, Operand<?>[] inputs, OpUnderTest op) {
    Ops scope = tf.withSubScope(name.replace(' ', '_'));
    List<Operand> bf16Inputs = new ArrayList<>();
    List<Operand> roundedInputs = new ArrayList<>();
    for (Operand<?> input : inputs) {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> fp32 = (Operand<TFloat32>) input;
      Operand<TBfloat16> bf16 = scope.dtypes.cast(fp32, TBfloat16.class);
      bf16Inputs.add(bf16);
      roundedInputs.add(scope.dtypes.cast(bf16, TFloat32.class));
    }
    Operand<TFloat32> reference = op.build(scope.withSubScope("fp32"), roundedInputs);
    Operand<TBfloat16> bf16Result = op.build(scope.withSubScope("bf16"), bf16Inputs);
    Operand<TFloat32> candidate = scope.dtypes.cast(bf16Result, TFloat32.class);
    Operand<TFloat32> difference = scope.math.sub(candidate, reference);
    Operand<TFloat32> relativeError =
        scope.math.div(scope.math.sqrt(sumOfSquares(scope, difference)), scope.math.sqrt(sumOfSquares(scope, reference)));
    Operand<TBool> finite = scope.reduceAll(scope.math.isFinite(candidate), allAxes(scope, candidate));
    return new Comparison(name, relativeError, finite);
  }

  private static Operand<TFloat32> sumOfSquares(Ops tf, Operand<TFloat32> x) {
    // mul(x, x), not square: the gradient of Square crashes TF Java (not needed here, but one idiom everywhere).
    return tf.sum(tf.math.mul(x, x), allAxes(tf, x));
  }

  private static Operand<TInt32> allAxes(Ops tf, Operand<?> x) {
    return tf.range(tf.constant(0), tf.rank(x), tf.constant(1));
  }

  /** The classic MaxPool op (attributes, not tensors), as AlexNet builds it, so oneDNN takes it. */
  private static <T extends TNumber> Operand<T> maxPool(Ops tf, String type, Operand<T> x) {
    Scope scope = tf.scope();
    return scope
        .opBuilder(type, type)
        .addInput(x.asOutput())
        .setAttr("ksize", new long[] {1, 3, 3, 1})
        .setAttr("strides", new long[] {1, 2, 2, 1})
        .setAttr("padding", "VALID")
        .build()
        .output(0);
  }

  private static <T extends TNumber> Operand<T> maxPoolGrad(Ops tf, Operand<T> x, Operand<T> y, Operand<T> dy) {
    Scope scope = tf.scope();
    return scope
        .opBuilder("MaxPoolGrad", "MaxPoolGrad")
        .addInput(x.asOutput())
        .addInput(y.asOutput())
        .addInput(dy.asOutput())
        .setAttr("ksize", new long[] {1, 3, 3, 1})
        .setAttr("strides", new long[] {1, 2, 2, 1})
        .setAttr("padding", "VALID")
        .build()
        .output(0);
  }

  /** Seeded stateless random inputs, so every run of the check sees the same numbers. */
  private static final class Inputs {
    private final Ops tf;
    private long stream;

    Inputs(Ops tf) {
      this.tf = tf;
    }

    Operand<TFloat32> uniform(Shape shape) {
      return tf.random.statelessRandomUniform(tf.constant(shape.asArray()), seed(), TFloat32.class);
    }

    Operand<TFloat32> normal(Shape shape, double stddev) {
      return tf.math.mul(
          tf.random.statelessRandomNormal(tf.constant(shape.asArray()), seed(), TFloat32.class),
          tf.constant((float) stddev));
    }

    private Operand<TInt64> seed() {
      return tf.constant(new long[] {20261126L, ++stream});
    }
  }
}
