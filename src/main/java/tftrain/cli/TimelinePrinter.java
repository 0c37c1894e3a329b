package tftrain.cli;

import java.io.PrintWriter;
import java.util.Locale;
import tftrain.train.StepTimeline;

/** {@code --trace-step N}: which step the console asks to trace, and how it prints that step's timeline. */
final class TimelinePrinter {

  private final long step;
  private final PrintWriter out;
  private final String who;

  /**
   * @param step the run's step to trace (1 = the first), 0 for none (checked by {@link RunOutputOptions#check})
   * @param who whose timeline it is, e.g. "worker 1" (empty on one process)
   */
  TimelinePrinter(long step, PrintWriter out, String who) {
    this.step = step;
    this.out = out;
    this.who = who;
  }

  boolean wants(long globalStep) {
    return step > 0 && globalStep == step;
  }

  void print(long globalStep, StepTimeline timeline) {
    out.printf(Locale.ROOT, "Timeline of step %d%s:%n", globalStep, who.isEmpty() ? "" : " (" + who + ")");
    timeline.describe().forEach(line -> out.println("  " + line));
    out.flush();
  }
}
