package tftrain.runtime;

import org.tensorflow.Session;
import tftrain.BadInputException;
import tftrain.TensorFlowErrors;

/** Loads variables from a checkpoint prefix, turning TensorFlow's errors about damaged files into one line. */
public final class WeightsRestore {

  private WeightsRestore() {}

  /** Restores every variable of the session's graph by name; a damaged or missing checkpoint is bad input. */
  public static void restore(Session session, String checkpointPrefix) {
    try {
      session.restore(checkpointPrefix);
    } catch (RuntimeException e) {
      if (TensorFlowErrors.isTensorFlowError(e)) {
        throw new BadInputException(
            "cannot read the weights at " + checkpointPrefix + ": " + TensorFlowErrors.essence(e), e);
      }
      throw e;
    }
  }
}
