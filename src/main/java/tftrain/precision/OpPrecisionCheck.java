package tftrain.precision;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.OperationBuilder;
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
import tftrain.model.LayerKernel;
import tftrain.model.ModelSpec;
import tftrain.model.ModelSummary;

/**
 * Runs each op AlexNet's training step is made of, at the shapes and attributes of the network a run
 * builds (its image size and class count, SAME or VALID padding as the graph has it), once in fp32 and once
 * in bf16 on the same inputs, and reports how far apart they are. This is how a wrong bf16 kernel is found:
 * bf16 keeps 8 bits of mantissa, so a correct kernel lands within about 1e-2 of fp32 (relative L2 error),
 * while a broken one is off by orders of magnitude or returns non-finite values. oneDNN picks its kernels
 * by shape and attributes, so the layer shapes come from the built network ({@link LayerKernel}), never
 * from a copy of them.
 *
 * <p>The fp32 reference computes on the bf16-rounded inputs, so the error measured is the kernel's own
 * (its accumulation and output rounding), not the rounding of its inputs. The ops are the explicit bf16
 * ops (Conv2D, Conv2DBackpropInput/Filter, MatMul, MaxPool, MaxPoolGrad, BiasAddGrad, ReluGrad), which
 * TensorFlow hands to oneDNN exactly as it does after the mixed-precision rewrite.
 */
public final class OpPrecisionCheck {

  private final List<LayerKernel> kernels;
  private final int batchSize;
  private final ConfigProto sessionConfig;

  /**
   * @param spec the network of the run (image size and class count decide the shapes)
   * @param batchSize images per batch (kernels are chosen by shape, so the check is truest at the run's batch)
   * @param sessionConfig threads for the check's session; must not enable the mixed-precision rewrite
   */
  public OpPrecisionCheck(ModelSpec spec, int batchSize, ConfigProto sessionConfig) {
    this(ModelSummary.of(spec).kernels(), batchSize, sessionConfig);
  }

  /** A check of exactly {@code kernels}: for tests that need other kernels than a network's. */
  OpPrecisionCheck(List<LayerKernel> kernels, int batchSize, ConfigProto sessionConfig) {
    this.kernels = List.copyOf(kernels);
    this.batchSize = batchSize;
    this.sessionConfig = sessionConfig;
  }

  /** Every op's bf16-vs-fp32 error, in the network's order, worst repetition of {@code repetitions} runs. */
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

  record Comparison(String name, Operand<TFloat32> relativeError, Operand<TBool> finite) {}

  /** The bf16-vs-fp32 comparisons of every kernel's forward and backward ops, in the network's order. */
  List<Comparison> buildComparisons(Ops tf) {
    List<Comparison> comparisons = new ArrayList<>();
    Inputs inputs = new Inputs(tf);
    for (LayerKernel kernel : kernels) {
      Ops layer = tf.withSubScope(kernel.layer());
      if (kernel instanceof LayerKernel.Convolution conv) {
        addConvolution(comparisons, layer, inputs, conv);
      } else if (kernel instanceof LayerKernel.MaxPool pool) {
        Operand<TFloat32> x = inputs.uniform(batched(pool.input()));
        Operand<TFloat32> dy = inputs.normal(batched(pool.output()), 1.0);
        comparisons.add(compare(layer, pool.layer() + " forward", new Operand<?>[] {x},
            (ops, in) -> maxPool(ops, pool, in.get(0))));
        comparisons.add(compare(layer, pool.layer() + " backward", new Operand<?>[] {x, dy},
            (ops, in) -> maxPoolGrad(ops, pool, in.get(0), maxPool(ops, pool, in.get(0)), in.get(1))));
      } else if (kernel instanceof LayerKernel.MatMul product) {
        Shape weights = product.weights();
        Operand<TFloat32> x = inputs.uniform(batched(product.input()));
        Operand<TFloat32> w = inputs.normal(weights, Math.sqrt(2.0 / weights.get(0)));
        Operand<TFloat32> dy = inputs.normal(batched(product.output()), 1.0);
        comparisons.add(compare(layer, product.layer() + " forward", new Operand<?>[] {x, w},
            (ops, in) -> ops.linalg.matMul(in.get(0), in.get(1))));
        comparisons.add(compare(layer, product.layer() + " backward-input", new Operand<?>[] {dy, w},
            (ops, in) -> ops.linalg.matMul(in.get(0), in.get(1), MatMul.transposeB(true))));
        comparisons.add(compare(layer, product.layer() + " backward-weights", new Operand<?>[] {x, dy},
            (ops, in) -> ops.linalg.matMul(in.get(0), in.get(1), MatMul.transposeA(true))));
      } else if (kernel instanceof LayerKernel.BiasAdd bias && !isConvolutionBias(bias)) {
        Operand<TFloat32> dy = inputs.normal(batched(bias.output()), 1.0);
        comparisons.add(compare(layer, bias.layer() + " bias-gradient", new Operand<?>[] {dy},
            (ops, in) -> ops.nn.biasAddGrad(in.get(0))));
      } else if (kernel instanceof LayerKernel.Relu relu) {
        Operand<TFloat32> features = inputs.normal(batched(relu.output()), 1.0);
        Operand<TFloat32> gradients = inputs.normal(batched(relu.output()), 1.0);
        comparisons.add(compare(layer, relu.layer() + " relu-backward", new Operand<?>[] {gradients, features},
            (ops, in) -> ops.nn.reluGrad(in.get(0), in.get(1))));
      }
    }
    return comparisons;
  }

  /**
   * A convolution's bias (its output has rows, columns and channels). Its gradient is not a kernel of the bf16
   * training step: oneDNN's layout pass fuses it into the backward-filter convolution
   * ({@code _MklNativeConv2DBackpropFilterWithBias}, seen in a traced bf16 step), which sums in fp32. A standalone
   * bf16 {@code BiasAddGrad}, all the check could run, sums in bf16 on every CPU (a sum of 24,200 ones comes
   * out 256), so it would fail everywhere while training is right. The dense layers' bias gradients stay
   * standalone in training, over one row per image, and are checked.
   */
  private static boolean isConvolutionBias(LayerKernel.BiasAdd bias) {
    return bias.output().numDimensions() == 4;
  }

  private void addConvolution(List<Comparison> comparisons, Ops layer, Inputs inputs, LayerKernel.Convolution conv) {
    Shape input = batched(conv.input());
    Shape filter = conv.filter();
    Operand<TFloat32> x = inputs.uniform(input);
    Operand<TFloat32> w = inputs.normal(filter, Math.sqrt(2.0 / (filter.get(0) * filter.get(1) * filter.get(2))));
    Operand<TFloat32> dy = inputs.normal(batched(conv.output()), 1.0);
    List<Long> strides = List.of(1L, (long) conv.stride(), (long) conv.stride(), 1L);
    String padding = conv.padding();
    comparisons.add(compare(layer, conv.layer() + " forward", new Operand<?>[] {x, w},
        (ops, in) -> ops.nn.conv2d(in.get(0), in.get(1), strides, padding)));
    Operand<TInt32> inputSizes = layer.constant(toInts(input));
    comparisons.add(compare(layer, conv.layer() + " backward-input", new Operand<?>[] {w, dy},
        (ops, in) -> ops.nn.conv2dBackpropInput(inputSizes, in.get(0), in.get(1), strides, padding)));
    Operand<TInt32> filterSizes = layer.constant(toInts(filter));
    comparisons.add(compare(layer, conv.layer() + " backward-filter", new Operand<?>[] {x, dy},
        (ops, in) -> ops.nn.conv2dBackpropFilter(in.get(0), filterSizes, in.get(1), strides, padding)));
  }

  /** The graph's shape with its batch dimension (-1 in the network) set to the check's batch. */
  private Shape batched(Shape shape) {
    return shape.tail().prepend(batchSize);
  }

  private static int[] toInts(Shape shape) {
    return Arrays.stream(shape.asArray()).mapToInt(Math::toIntExact).toArray();
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
        scope.math.div(scope.math.sqrt(sumOfSquares(scope, difference)),
            scope.math.sqrt(sumOfSquares(scope, reference)));
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
  private static <T extends TNumber> Operand<T> maxPool(Ops tf, LayerKernel.MaxPool pool, Operand<T> x) {
    return poolOp(tf, "MaxPool", pool).addInput(x.asOutput()).build().output(0);
  }

  private static <T extends TNumber> Operand<T> maxPoolGrad(
      Ops tf, LayerKernel.MaxPool pool, Operand<T> x, Operand<T> y, Operand<T> dy) {
    return poolOp(tf, "MaxPoolGrad", pool)
        .addInput(x.asOutput())
        .addInput(y.asOutput())
        .addInput(dy.asOutput())
        .build()
        .output(0);
  }

  private static OperationBuilder poolOp(Ops tf, String type, LayerKernel.MaxPool pool) {
    Scope scope = tf.scope();
    return scope
        .opBuilder(type, type)
        .setAttr("ksize", new long[] {1, pool.window(), pool.window(), 1})
        .setAttr("strides", new long[] {1, pool.stride(), pool.stride(), 1})
        .setAttr("padding", pool.padding());
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
