package tftrain.cli;

import java.io.PrintWriter;
import tftrain.data.BadImage;
import tftrain.train.StepTimeline;
import tftrain.train.TrainingListener;

/**
 * What every training console shares, the chief's ({@link TrainConsole}) and another worker's
 * ({@link WorkerConsole}): warnings and bad images on the error stream, and a traced step's timeline.
 */
abstract class RunConsole implements TrainingListener {

  /** Where the console's lines go. */
  protected final PrintWriter out;
  private final RunWarnings warnings;
  private final TimelinePrinter timeline;

  RunConsole(PrintWriter out, PrintWriter err, TimelinePrinter timeline) {
    this.out = out;
    this.warnings = new RunWarnings(err);
    this.timeline = timeline;
  }

  @Override
  public boolean wantsTimeline(long globalStep) {
    return timeline.wants(globalStep);
  }

  @Override
  public void onStepTimeline(long globalStep, StepTimeline stepTimeline) {
    timeline.print(globalStep, stepTimeline);
  }

  @Override
  public void onBadImage(BadImage bad) {
    warnings.badImage(bad);
  }

  @Override
  public void onWarning(String message) {
    warnings.warn(message);
  }

  int badImageCount() {
    return warnings.badImageCount();
  }
}
