package tftrain.report;

import java.io.PrintWriter;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The progress bar drawn on a terminal, one per epoch, with images done, elapsed time, ETA, images/s and
 * the running loss and accuracy:
 * {@code Epoch 3/25  40% [=======    ]  400/1000 img (0:00:16 / 0:00:24) 24.6 img/s loss 0.6931 acc 0.5000},
 * where the times are elapsed and remaining.
 *
 * <p>The bar is redrawn from progressbar's own timer thread, through a consumer that writes to the
 * trainer's {@link PrintWriter}. progressbar's {@code ConsoleProgressBarConsumer} would want a
 * {@code PrintStream}; bridging the writer into a stream would add a second buffer and an encoding step,
 * and a stream of its own (System.out) could interleave with the trainer's lines out of order.
 */
final class TerminalProgressReporter implements ProgressReporter {

  /** The width assumed when the terminal cannot tell its own. */
  static final int DEFAULT_WIDTH = 80;

  // Redrawn four times a second: smooth to watch, and negligible next to a training step.
  private static final int REDRAW_MILLIS = 250;

  private final PrintWriter out;
  private final int width;
  private ProgressBar bar;
  private WriterConsumer consumer;

  /**
   * @param out where to draw
   * @param width the terminal's width in columns; the bar stays one column narrower so that it never wraps,
   *     since a wrapped line cannot be redrawn in place
   */
  TerminalProgressReporter(PrintWriter out, int width) {
    this.out = out;
    this.width = width;
  }

  /**
   * The attached terminal's width, asked once per reporter. The terminal is opened without native signal
   * handlers and closed at once, so Ctrl-C keeps reaching the JVM's own shutdown hooks.
   */
  static int terminalWidth() {
    try (Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).nativeSignals(false).build()) {
      int columns = terminal.getWidth();
      return columns > 0 ? columns : DEFAULT_WIDTH;
    } catch (Exception e) {
      return DEFAULT_WIDTH; // a wrong width only makes the bar shorter or longer, never fails training
    }
  }

  @Override
  public synchronized void startEpoch(int epoch, int totalEpochs, long totalImages) {
    finishEpoch();
    consumer = new WriterConsumer(out, width - 1);
    bar =
        ProgressBar.builder()
            .setTaskName("Epoch " + epoch + "/" + totalEpochs)
            .setInitialMax(totalImages > 0 ? totalImages : -1)
            // Plain ASCII, Keras' "[=====>....]": box-drawing characters turn into '?' on a terminal
            // whose charset is not UTF-8, and colour codes into garbage on one without ANSI support.
            .setStyle(ProgressBarStyle.ASCII)
            .setUnit(" img", 1)
            .showSpeed(new DecimalFormat("0.0", DecimalFormatSymbols.getInstance(Locale.ROOT)))
            .setSpeedUnit(ChronoUnit.SECONDS)
            .setUpdateIntervalMillis(REDRAW_MILLIS)
            .clearDisplayOnFinish()
            .setConsumer(consumer)
            .build();
  }

  @Override
  public synchronized void advance(long images, double runningLoss, double runningAccuracy) {
    if (bar == null) {
      return;
    }
    // The renderer puts the message right after "img/s", hence the leading space.
    bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f acc %.4f", runningLoss, runningAccuracy));
    bar.stepBy(images);
  }

  @Override
  public synchronized void finishEpoch() {
    if (bar != null) {
      // close() stops the timer, draws once more, erases the line and waits until all of that is written.
      bar.close();
      // progressbar 0.10.2 skips erasing and closing when close() comes before the timer's first run (an
      // epoch shorter than one redraw, or a failure right after startEpoch); finish the job for it then.
      if (!consumer.closed) {
        consumer.clear();
        consumer.close();
      }
      bar = null;
      consumer = null;
    }
  }

  /** Draws each frame over the previous one with a carriage return. */
  private static final class WriterConsumer implements ProgressBarConsumer {

    private final PrintWriter out;
    private final int maxLength;
    // Written on progressbar's timer thread, read on the trainer's.
    private volatile boolean closed;

    WriterConsumer(PrintWriter out, int maxLength) {
      this.out = out;
      this.maxLength = maxLength;
    }

    @Override
    public int getMaxRenderedLength() {
      return maxLength;
    }

    @Override
    public void accept(String rendered) {
      String frame = rendered.length() > maxLength ? rendered.substring(0, maxLength) : rendered;
      out.print('\r' + frame);
      out.flush();
    }

    @Override
    public void clear() {
      // Not the default clear(): that goes through accept(), whose trimming would cut off its final '\r'.
      out.print('\r' + " ".repeat(maxLength) + '\r');
      out.flush();
    }

    @Override
    public void close() {
      // The bar finishes with clear(), which leaves the cursor at the start of an empty line: nothing to add.
      out.flush();
      closed = true;
    }
  }
}
