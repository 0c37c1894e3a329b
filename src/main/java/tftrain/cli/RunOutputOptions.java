package tftrain.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code train}'s output options: the run folder, resuming, and the progress bar. */
final class RunOutputOptions {

  @Option(names = {"-o", "--output"}, paramLabel = "DIR",
      description = "Run folder (default: a new checkpoints/run-<date>-<time>).")
  Path folder;

  @Option(names = "--resume", paramLabel = "RUN", description = "Continue the run in RUN from its last checkpoint.")
  Path resume;

  @Option(names = "--overwrite",
      description = "Start over in an -o folder that already holds a run or other files (replaces only what a run writes).")
  boolean overwrite;

  @Option(names = "--no-progress", description = "No progress bar, only one line per epoch.")
  boolean noProgress;
}
