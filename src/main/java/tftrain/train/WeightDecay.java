package tftrain.train;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * L2 weight decay as PyTorch's SGD applies it: g + factor·w added to each (reduced, clipped) gradient
 * before the momentum update, so the decay is carried by the momentum like the gradient (the AlexNet paper's
 * 0.0005 is this). Biases, the rank-1 variables, are left out unless asked for: decaying them only pulls
 * the activations' offsets to zero, with no capacity to regularize.
 *
 * @param factor the L2 factor (0 = off)
 * @param biases whether the biases decay too
 */
public record WeightDecay(double factor, boolean biases) {

  /** No decay: the gradients pass unchanged and the graph has no op of it. */
  public static final WeightDecay OFF = new WeightDecay(0, false);

  public boolean isOn() {
    return factor > 0;
  }

  /** Whether {@code variable} decays: every weight, and the biases only when asked for. */
  public boolean decays(Variable<TFloat32> variable) {
    return isOn() && (biases || variable.shape().numDimensions() != 1);
  }

  /** The gradients with the decay added, built in a sub-scope {@code weight_decay}; unchanged when off. */
  public List<Operand<TFloat32>> apply(Ops tf, List<Variable<TFloat32>> variables, List<Operand<TFloat32>> gradients) {
    if (!isOn()) {
      return gradients;
    }
    Ops decayScope = tf.withSubScope("weight_decay");
    Operand<TFloat32> decayFactor = decayScope.constant((float) factor);
    List<Operand<TFloat32>> decayed = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      Variable<TFloat32> variable = variables.get(i);
      decayed.add(decays(variable)
          ? decayScope.math.add(gradients.get(i), decayScope.math.mul(decayFactor, variable))
          : gradients.get(i));
    }
    return List.copyOf(decayed);
  }
}
