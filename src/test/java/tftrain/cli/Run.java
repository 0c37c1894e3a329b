package tftrain.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the tftrain command line: its exit code and what it printed. */
record Run(int exitCode, String out, String err) {

  /** Runs {@code tftrain ARGS} with the real error handling, capturing standard output and error. */
  static Run of(String... args) {
    var commandLine = TftrainCommand.newCommandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }
}
