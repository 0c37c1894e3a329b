package tftrain.train;

import tftrain.BadInputException;
import tftrain.InvalidSettingException;

/**
 * Where a run's images come from and how they are read.
 *
 * @param trainDir folder of training class folders
 * @param valDir folder of validation class folders, or null when {@code valSplit} carves it from trainDir
 * @param valSplit the share of each class carved out for validation (0 when {@code valDir} is given)
 * @param maxPixels images with more pixels are skipped like corrupt files
 * @param cacheDir where decoded images are kept between epochs; null: decode every epoch
 */
public record DataSettings(String trainDir, String valDir, double valSplit, long maxPixels, String cacheDir) {

  public DataSettings {
    if (trainDir == null || trainDir.isEmpty()) {
      throw new BadInputException("a training folder is required");
    }
    if (valDir == null && !(valSplit > 0 && valSplit < 1)) {
      throw new InvalidSettingException("valSplit must be between 0 and 1 (exclusive), got " + valSplit, "valSplit");
    }
    if (valDir != null && valSplit != 0) {
      throw new InvalidSettingException("give either valDir or valSplit, not both", "valDir", "valSplit");
    }
    InvalidSettingException.requireAtLeast("maxPixels", maxPixels, 1);
  }
}
