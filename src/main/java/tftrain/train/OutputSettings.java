package tftrain.train;

import tftrain.BadInputException;
import tftrain.InvalidSettingException;

/**
 * What a run draws beside its numbers.
 *
 * @param mistakes how many wrong validation images {@code mistakes.png} shows (0 = no file)
 */
public record OutputSettings(Integer mistakes) {

  public OutputSettings {
    if (mistakes == null) {
      throw new BadInputException("the number of mistakes to draw is required");
    }
    InvalidSettingException.requireAtLeast("mistakes", mistakes, 0);
  }
}
