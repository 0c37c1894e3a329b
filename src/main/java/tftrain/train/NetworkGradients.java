package tftrain.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import tftrain.model.AlexNet;
import tftrain.model.DenseLayer;

/**
 * The loss's gradient of every network variable, from one {@code Graph.addGradients}. A convolution's
 * variables get theirs as tensors; a fully connected layer gets the gradient of its outputs, and its kernel's
 * and bias's follow from that and the layer's inputs ({@link DenseFactors}). {@link #local} multiplies them out
 * with the two ops TensorFlow's own MatMul and BiasAdd gradients are made of; {@link #own} keeps each kernel's
 * as a {@link Gradient.Factored} for clipping to measure and scale cheaply, and a multi-worker step may exchange
 * the factors instead, where they are the smaller.
 */
public final class NetworkGradients {

  /**
   * A fully connected layer's gradients as two factors.
   *
   * @param kernelIndex the position of the layer's kernel among the network's variables
   * @param biasIndex the position of its bias
   * @param inputs the layer's inputs [N, in]
   * @param outputGradients ∂loss/∂outputs [N, out]
   */
  public record DenseFactors(int kernelIndex, int biasIndex, Operand<TFloat32> inputs,
      Operand<TFloat32> outputGradients) {

    /** The column sums of {@code outputGradients}: the bias's gradient. */
    public static Operand<TFloat32> biasGradient(Ops tf, Operand<TFloat32> outputGradients) {
      return tf.nn.biasAddGrad(outputGradients);
    }

    /** Floats of the kernel's and the bias's gradients as tensors. */
    public long matrixSize() {
      long in = inputs.shape().get(1);
      long out = outputGradients.shape().get(1);
      return in * out + out;
    }

    /** Floats of the two factors for {@code rows} rows. */
    public long factorSize(long rows) {
      return rows * (inputs.shape().get(1) + outputGradients.shape().get(1));
    }
  }

  private final List<Variable<TFloat32>> variables;
  /** Per variable: its gradient as a tensor, or null where one of {@link #factors} holds it. */
  private final List<Operand<TFloat32>> tensors;
  private final List<DenseFactors> factors;
  private List<Gradient> own;
  private List<Operand<TFloat32>> local;

  private NetworkGradients(
      List<Variable<TFloat32>> variables, List<Operand<TFloat32>> tensors, List<DenseFactors> factors) {
    this.variables = variables;
    this.tensors = Collections.unmodifiableList(tensors);
    this.factors = List.copyOf(factors);
  }

  /** Takes the gradients of {@code loss} for the variables of {@code network}, built in {@code graph}. */
  static NetworkGradients of(Graph graph, Operand<TFloat32> loss, AlexNet.Network network) {
    List<Variable<TFloat32>> variables = network.variables();
    List<Output<?>> targets = new ArrayList<>();
    List<Integer> targetVariable = new ArrayList<>();
    Set<Variable<TFloat32>> factored = new HashSet<>();
    for (DenseLayer layer : network.denseLayers()) {
      factored.add(layer.kernel());
      factored.add(layer.bias());
    }
    for (int i = 0; i < variables.size(); i++) {
      if (!factored.contains(variables.get(i))) {
        targets.add(variables.get(i).asOutput());
        targetVariable.add(i);
      }
    }
    for (DenseLayer layer : network.denseLayers()) {
      targets.add(layer.outputs().asOutput());
    }
    Output<?>[] gradients = graph.addGradients(loss.asOutput(), targets.toArray(Output<?>[]::new));
    List<Operand<TFloat32>> tensors = new ArrayList<>(Collections.nCopies(variables.size(), null));
    for (int t = 0; t < targetVariable.size(); t++) {
      tensors.set(targetVariable.get(t), floats(gradients[t]));
    }
    List<DenseFactors> factors = new ArrayList<>();
    int next = targetVariable.size();
    for (DenseLayer layer : network.denseLayers()) {
      factors.add(new DenseFactors(variables.indexOf(layer.kernel()), variables.indexOf(layer.bias()), layer.inputs(),
          floats(gradients[next++])));
    }
    return new NetworkGradients(variables, tensors, factors);
  }

  @SuppressWarnings("unchecked")
  private static Operand<TFloat32> floats(Output<?> gradient) {
    return (Operand<TFloat32>) gradient;
  }

  /** How many variables have a gradient. */
  public int size() {
    return variables.size();
  }

  /** The gradient of variable {@code index} as a tensor, or null if a fully connected layer's factors hold it. */
  public Operand<TFloat32> tensor(int index) {
    return tensors.get(index);
  }

  /** The fully connected layers' gradients, as factors, in layer order. */
  public List<DenseFactors> factors() {
    return factors;
  }

  /**
   * Every variable's gradient over this process's batch, in the network's variable order, the fully connected
   * kernels' as their factors (built once).
   */
  public List<Gradient> own(Ops tf) {
    if (own == null) {
      List<Gradient> all = new ArrayList<>();
      for (Operand<TFloat32> tensor : tensors) {
        all.add(tensor == null ? null : new Gradient.Whole(tensor));
      }
      for (DenseFactors layer : factors) {
        all.set(layer.kernelIndex(), new Gradient.Factored(layer.inputs(), layer.outputGradients()));
        all.set(layer.biasIndex(), new Gradient.Whole(DenseFactors.biasGradient(tf, layer.outputGradients())));
      }
      own = List.copyOf(all);
    }
    return own;
  }

  /**
   * {@link #own} multiplied out: every gradient as a tensor (built once: the ops of products nobody uses never
   * run).
   */
  public List<Operand<TFloat32>> local(Ops tf) {
    if (local == null) {
      local = own(tf).stream().map(gradient -> gradient.value(tf)).toList();
    }
    return local;
  }
}
