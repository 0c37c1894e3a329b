package tftrain;

/**
 * TensorFlow's runtime errors in a form for people. TF Java maps status codes to unrelated Java types
 * ({@code TFInvalidArgumentException} is an IllegalArgumentException, others extend TensorFlowException),
 * and their messages start with an empty line and the graph's internals.
 */
public final class TensorFlowErrors {

  private static final String PACKAGE = "org.tensorflow.exceptions.";

  private TensorFlowErrors() {}

  /** True for any exception TensorFlow raised for a failed run. */
  public static boolean isTensorFlowError(Throwable error) {
    return error != null && error.getClass().getName().startsWith(PACKAGE);
  }

  /** The innermost TensorFlow error in a cause chain, or null. */
  public static Throwable find(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (isTensorFlowError(cause)) {
        return cause;
      }
    }
    return null;
  }

  /**
   * The part of a TensorFlow message that says what went wrong: the first non-empty line, without the
   * tf.data iterator prefix ("Error in user-defined function … ParallelMapV2: Unknown image file format").
   */
  public static String essence(Throwable error) {
    String message = error.getMessage();
    if (message == null) {
      return error.getClass().getSimpleName();
    }
    String line = message.strip().lines().map(String::strip).filter(text -> !text.isEmpty()).findFirst().orElse("");
    int iterator = line.lastIndexOf("::");
    if (line.startsWith("Error in user-defined function") && iterator >= 0) {
      int colon = line.indexOf(": ", iterator);
      if (colon >= 0) {
        line = line.substring(colon + 2);
      }
    }
    return line.isEmpty() ? error.getClass().getSimpleName() : line;
  }
}
