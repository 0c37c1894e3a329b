package tftrain.distributed;

/**
 * The cluster cannot go on: a worker died, never came up, or disagrees with the chief. The message is
 * one line for people. TensorFlow's own error, if any, is attached as suppressed (shown with {@code -v}),
 * not as the cause, so the CLI prints this message rather than TensorFlow's.
 */
public final class ClusterFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ClusterFailure(String message) {
    super(message);
  }

  public ClusterFailure(String message, Throwable tensorFlowError) {
    super(message);
    addSuppressed(tensorFlowError);
  }
}
