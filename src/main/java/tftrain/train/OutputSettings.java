package tftrain.train;

import tftrain.BadInputException;
import tftrain.InvalidSettingException;
import tftrain.report.ContactSheet;

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
    if (mistakes > ContactSheet.MAX_TILES) {
      // One picture: a larger one would run out of memory before the checkpoint, and so on every resume.
      throw new InvalidSettingException(
          "mistakes must be at most " + ContactSheet.MAX_TILES + " (one picture), got " + mistakes, "mistakes");
    }
  }
}
