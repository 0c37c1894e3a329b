package tftrain.report;

import java.io.PrintWriter;

/**
 * The live, per-step view of one training epoch. The trainer calls {@link #startEpoch}, then
 * {@link #advance} after every batch, then {@link #finishEpoch}, and prints its own one-line summary
 * ({@link EpochLine}) after that.
 *
 * <p>Like DJL's progress bar it switches itself off when nobody watches: redirected to a file or a CI
 * log, a bar redrawn with carriage returns turns into thousands of garbage lines, so there only the
 * per-epoch lines appear.
 *
 * <p>{@link #close()} ends a bar that an exception left open, so use the reporter in try-with-resources.
 */
public interface ProgressReporter extends AutoCloseable {

  /**
   * A reporter that draws a progress bar on {@code out} if {@code enabled} and a terminal is attached
   * ({@link System#console()} is not null), and prints nothing otherwise.
   *
   * @param out where the bar is drawn; the same writer the trainer prints its epoch lines to, so the two
   *     never interleave out of order
   * @param enabled false for {@code --quiet} or {@code --no-progress}
   */
  static ProgressReporter create(PrintWriter out, boolean enabled) {
    if (enabled && System.console() != null) {
      return new TerminalProgressReporter(out, TerminalProgressReporter.terminalWidth());
    }
    return silent();
  }

  /** A reporter that prints nothing; for runs without a terminal and for tests. */
  static ProgressReporter silent() {
    return SilentProgressReporter.INSTANCE;
  }

  /**
   * Begins the bar for one epoch, ending any bar still open.
   *
   * @param epoch the 1-based epoch about to be trained
   * @param totalEpochs the last epoch of the run
   * @param totalImages how many training images this epoch will see; 0 or less if unknown, which shows a
   *     count without a bar or ETA
   */
  void startEpoch(int epoch, int totalEpochs, long totalImages);

  /**
   * Records one finished step.
   *
   * @param images how many images this step trained on (not the running total)
   * @param runningLoss mean loss over the epoch so far
   * @param runningAccuracy accuracy over the epoch so far, 0 to 1
   */
  void advance(long images, double runningLoss, double runningAccuracy);

  /**
   * Ends the epoch's bar and erases it, leaving the cursor at the start of an empty line so that the
   * trainer's epoch line takes its place. Does nothing if no bar is open.
   */
  void finishEpoch();

  /** Same as {@link #finishEpoch()}: never leaves a half-drawn bar behind, even when training failed. */
  @Override
  default void close() {
    finishEpoch();
  }

  /** Prints nothing at all. */
  enum SilentProgressReporter implements ProgressReporter {
    INSTANCE;

    @Override
    public void startEpoch(int epoch, int totalEpochs, long totalImages) {}

    @Override
    public void advance(long images, double runningLoss, double runningAccuracy) {}

    @Override
    public void finishEpoch() {}
  }
}
