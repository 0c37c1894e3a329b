package tftrain.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import tftrain.InvalidSettingException;
import tftrain.train.TrainingConfig;
import tftrain.train.TrainingConfig.Defaults;

/**
 * {@code train}'s output options: the run folder, resuming, the mistakes sheet, the progress bar and a traced
 * step's timeline.
 */
final class RunOutputOptions {

  @Option(names = {"-o", "--output"}, paramLabel = "DIR",
      description = "Run folder (default: a new checkpoints/run-<date>-<time>).")
  Path folder;

  @Option(names = "--resume", paramLabel = "RUN", description = "Continue the run in RUN from its last checkpoint.")
  Path resume;

  @Option(names = "--overwrite",
      description = "Start over in an -o folder that already holds a run or other files "
          + "(replaces only what a run writes).")
  boolean overwrite;

  @Option(names = "--no-progress", description = "No progress bar, only one line per epoch.")
  boolean noProgress;

  @Option(names = "--mistakes", paramLabel = "N",
      description = "After each new best epoch, draw up to N validation images it gets wrong into mistakes.png "
          + "(0: no file; default: ${DEFAULT-VALUE}).")
  int mistakes = Defaults.MISTAKES;

  @Option(names = "--trace-step", paramLabel = "N",
      description = "Trace the run's training step N (1 = the first; that step is slower) and print when its "
          + "convolution backprop and each all-reduce or gather ran: does the exchange overlap backprop?")
  long traceStep;

  /** Refuses what no later stage checks, before anything is written: a negative {@code --trace-step}. */
  void check() {
    InvalidSettingException.requireAtLeast("--trace-step", traceStep, 0);
  }

  void applyTo(TrainingConfig.Builder config) {
    config.mistakes(mistakes);
  }
}
