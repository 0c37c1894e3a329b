package tftrain.train;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Momentum SGD whose learning rate is an operand (fed each step), so that any schedule works: the
 * framework's {@code Momentum} optimizer bakes its rate in as a constant. PyTorch's and TensorFlow's
 * updates agree: v = μv + g, w -= lr·v.
 *
 * @param momentum μ, in [0, 1)
 */
public record MomentumSgd(double momentum) {

  /** Scope of the momentum slots; their names are part of every checkpoint. */
  static final String SLOT_SCOPE = "momentum";

  /**
   * The update of one step.
   *
   * @param updates one apply op per variable
   * @param slots the momentum slots, in the order of the variables: state a checkpoint (and a replica's
   *     start from the chief's values) must carry along with the weights
   */
  public record Update(List<Op> updates, List<Variable<TFloat32>> slots) {}

  /**
   * One momentum slot per variable and the ops that apply {@code gradients} to {@code variables}. Build it
   * after the gradients: the slots are plain {@code VariableV2}s that must not be differentiated.
   */
  public Update apply(Ops tf, List<Variable<TFloat32>> variables, List<Operand<TFloat32>> gradients,
      Operand<TFloat32> learningRate) {
    Ops slotScope = tf.withSubScope(SLOT_SCOPE);
    Operand<TFloat32> momentumValue = tf.constant((float) momentum);
    List<Variable<TFloat32>> slots = new ArrayList<>();
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      Variable<TFloat32> variable = variables.get(i);
      String slotName = variable.op().name().replace('/', '_');
      Ops init = slotScope.withInitScope();
      Variable<TFloat32> accumulator =
          init.withName(slotName).variable(init.zeros(init.constant(variable.shape().asArray()), TFloat32.class));
      updates.add(tf.train.applyMomentum(variable, accumulator, learningRate, gradients.get(i), momentumValue));
      slots.add(accumulator);
    }
    return new Update(List.copyOf(updates), List.copyOf(slots));
  }
}
