package tftrain.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {

  private final StringWriter text = new StringWriter();
  private final PrintWriter out = new PrintWriter(text, true);

  private static void runEpochs(ProgressReporter reporter) {
    for (int epoch = 1; epoch <= 2; epoch++) {
      reporter.startEpoch(epoch, 2, 64);
      for (int step = 0; step < 4; step++) {
        reporter.advance(16, 0.69, 0.5);
      }
      reporter.finishEpoch();
    }
  }

  @Test
  void disabledPrintsNothing() {
    try (ProgressReporter reporter = ProgressReporter.create(out, false)) {
      runEpochs(reporter);
    }
    assertEquals("", text.toString());
  }

  @Test
  void printsNothingWithoutATerminal() {
    assumeTrue(System.console() == null, "the test JVM has a terminal");
    try (ProgressReporter reporter = ProgressReporter.create(out, true)) {
      runEpochs(reporter);
    }
    assertEquals("", text.toString());
  }

  @Test
  void terminalBarShowsTheEpochAndErasesItselfWhenTheEpochEnds() {
    ProgressReporter reporter = new TerminalProgressReporter(out, 100);
    runEpochs(reporter);
    String drawn = text.toString();
    assertTrue(drawn.contains("Epoch 1/2"), drawn);
    assertTrue(drawn.contains("Epoch 2/2"), drawn);
    assertTrue(drawn.contains("64/64 img"), drawn);
    assertTrue(drawn.contains("img/s"), drawn);
    assertTrue(drawn.contains("loss 0.6900 acc 0.5000"), drawn);
    // The last thing written blanks the line and returns to its start, so the epoch line replaces the bar.
    assertTrue(drawn.endsWith("\r" + " ".repeat(99) + "\r"), drawn);
    for (String frame : drawn.split("\r")) {
      assertTrue(frame.length() <= 99, "frame wider than the terminal: " + frame);
    }
  }

  @Test
  void closeEndsABarAnExceptionLeftOpen() {
    ProgressReporter reporter = new TerminalProgressReporter(out, 60);
    reporter.startEpoch(1, 1, 0);
    reporter.advance(10, 1.0, 0.25);
    reporter.close();
    reporter.close();
    assertTrue(text.toString().endsWith("\r" + " ".repeat(59) + "\r"), text.toString());
  }
}
