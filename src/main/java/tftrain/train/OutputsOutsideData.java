package tftrain.train;

import java.nio.file.Path;
import java.util.Objects;
import java.util.stream.Stream;
import tftrain.io.OutputFiles;

/**
 * A run writes nothing inside its training or validation images: a run folder or a cache there would be
 * read as one more class by this run's resume, later runs and {@code data check}.
 */
public final class OutputsOutsideData {

  private OutputsOutsideData() {}

  /** Refuses {@code runDir} (-o) or the config's {@code --cache} folder on or inside the config's data folders. */
  public static void check(TrainingConfig config, Path runDir) {
    Stream.of(config.data().trainDir(), config.data().valDir()).filter(Objects::nonNull).map(Path::of).forEach(data -> {
      OutputFiles.refuseOnOrInside(runDir, "-o", data);
      if (config.data().cacheDir() != null) {
        OutputFiles.refuseOnOrInside(Path.of(config.data().cacheDir()), "--cache", data);
      }
    });
  }
}
