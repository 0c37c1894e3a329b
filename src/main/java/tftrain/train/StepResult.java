package tftrain.train;

/** What one batch gave: its mean loss, how many images were classified right, and how many there were. */
public record StepResult(double meanLoss, long correct, int images) {}
