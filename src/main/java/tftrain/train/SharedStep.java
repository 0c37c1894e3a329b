package tftrain.train;

/**
 * A training step as every replica sees it: the loss, accuracy and image count over all replicas'
 * batches, and whether any replica asked to stop in it. On one process, the step itself.
 */
public record SharedStep(StepResult step, boolean stopRequested) {}
