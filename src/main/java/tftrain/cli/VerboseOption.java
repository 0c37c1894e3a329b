package tftrain.cli;

import picocli.CommandLine.Option;

/** {@code -v}: show TensorFlow's own log lines and stack traces. Read before parsing by {@link Main}. */
final class VerboseOption {

  @Option(
      names = {"-v", "--verbose"},
      description = "Show TensorFlow's log lines and full error details.")
  boolean verbose;
}
