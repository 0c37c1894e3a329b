package tftrain.train;

/**
 * What one batch gave: its mean loss, how many images were classified right, how many there were, and
 * for a training step with clipping the gradients' global norm before clipping (NaN otherwise).
 */
public record StepResult(double meanLoss, long correct, int images, double gradientNorm) {}
