package tftrain.cli;

import picocli.CommandLine;
import tftrain.runtime.TensorFlowRuntime;

/**
 * Entry point of {@code java -jar tftrain.jar}.
 *
 * <p>TensorFlow's C++ runtime reads {@code TF_CPP_MIN_LOG_LEVEL} from the process environment, which a
 * running JVM cannot change. So when that variable is unset, commands that load TensorFlow are run in a
 * child JVM that has it set (see {@link QuietRelauncher}); everything else runs right here.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    TensorFlowRuntime.configureNativeCache();
    if (QuietRelauncher.isWanted(args)) {
      System.exit(QuietRelauncher.relaunch(args));
    }
    CommandLine commandLine = TftrainCommand.newCommandLine();
    int exitCode = commandLine.execute(args);
    // print() does not flush an autoflush PrintWriter, and System.exit would drop what is buffered.
    commandLine.getOut().flush();
    commandLine.getErr().flush();
    System.exit(exitCode);
  }
}
