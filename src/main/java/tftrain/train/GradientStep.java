package tftrain.train;

import java.util.List;

/**
 * A training step's result together with every variable's gradient before clipping.
 *
 * @param gradients one flat array per variable, in the order of the network's variables
 */
public record GradientStep(StepResult step, List<float[]> gradients) {}
