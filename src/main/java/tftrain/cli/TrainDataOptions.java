package tftrain.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import tftrain.BadInputException;
import tftrain.data.DecodedImageCache;
import tftrain.train.TrainingConfig;
import tftrain.train.TrainingConfig.Defaults;

/** {@code train}'s data options: where the images are, which are skipped, and the decoded-image cache. */
final class TrainDataOptions {

  @Option(names = "--data", paramLabel = "DIR",
      description = "Folder with train/ and val/ class folders (default: ${DEFAULT-VALUE}).")
  Path dataDir = Path.of(Defaults.DATA);

  @Option(names = "--train-dir", paramLabel = "DIR", description = "Training class folders (instead of --data).")
  Path trainDir;

  @Option(names = "--val-dir", paramLabel = "DIR", description = "Validation class folders (with --train-dir).")
  Path valDir;

  @Option(names = "--val-split", paramLabel = "F",
      description = "Carve a seeded validation fraction out of --train-dir (or --data) instead, e.g. 0.3.")
  Double valSplit;

  @Option(names = "--max-pixels", paramLabel = "N",
      description = "Skip images whose header declares more pixels, like corrupt files (default: ${DEFAULT-VALUE}).")
  long maxPixels = Defaults.MAX_PIXELS;

  @Option(names = "--cache", paramLabel = "DIR",
      description = "Keep each decoded image in DIR (S·S·12 bytes: 588 KiB at 224), so later epochs and runs "
          + "skip decoding it. Worth it for large photos; the folder may be deleted at any time.")
  Path cache;

  /** Refuses a --cache folder that is not a cache, before any work. */
  void checkCache() {
    if (cache != null) {
      DecodedImageCache.requireUsable(cache);
    }
  }

  /**
   * Where the images are: --train-dir/--val-dir, or --data's train/ and val/, or one folder and --val-split.
   *
   * @param splitOfRun the resumed run's --val-split when it carved its validation set and none is given
   *     now (--data then names the one folder to split), else null
   */
  void applyTo(TrainingConfig.Builder config, Double splitOfRun) {
    config.maxPixels(maxPixels)
        // Absolute: a resume from another folder must find the same cache.
        .cacheDir(cache == null ? null : cache.toAbsolutePath().normalize().toString());
    Double split = valSplit != null || valDir != null ? valSplit : splitOfRun;
    if (valDir != null && trainDir == null) {
      throw new BadInputException("--val-dir needs --train-dir");
    }
    if (split != null && valDir != null) {
      throw new BadInputException("give either --val-dir or --val-split, not both");
    }
    if (trainDir != null && valDir == null && split == null) {
      throw new BadInputException("--train-dir needs --val-dir or --val-split");
    }
    if (trainDir != null && valDir != null) {
      config.folders(trainDir.toString(), valDir.toString());
    } else if (split != null) {
      config.split((trainDir != null ? trainDir : dataDir).toString(), split);
    } else {
      config.folders(dataDir.resolve("train").toString(), dataDir.resolve("val").toString());
    }
  }
}
