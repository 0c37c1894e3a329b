package tftrain.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import tftrain.BadInputException;
import tftrain.InvalidSettingException;
import tftrain.TensorFlowErrors;

/** The top command: it only groups the subcommands, one class each. */
@Command(
    name = "tftrain",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Train, export and serve an AlexNet image classifier from a folder of images.",
    subcommands = {
      TrainCommand.class,
      ExportCommand.class,
      PredictCommand.class,
      SummaryCommand.class,
      DataCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {"", "Run 'tftrain COMMAND --help' for the options of a command."})
public final class TftrainCommand implements Runnable {

  static final int EXIT_FAILURE = 1;
  static final int EXIT_BAD_INPUT = 2;

  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  /** A command line with tftrain's error handling: one line per error, exit codes 0, 1 and 2. */
  public static CommandLine newCommandLine() {
    CommandLine commandLine = new CommandLine(new TftrainCommand());
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    EnumConverters.registerAll(commandLine);
    commandLine.setParameterExceptionHandler(TftrainCommand::handleUsageError);
    commandLine.setExecutionExceptionHandler(
        (exception, failedCommand, parseResult) -> handleFailure(exception, failedCommand));
    return commandLine;
  }

  private static int handleUsageError(CommandLine.ParameterException error, String[] args) {
    CommandLine failed = error.getCommandLine();
    String name = failed.getCommandSpec().qualifiedName();
    // One format for every error, picocli's own included, so scripts and people can grep for it.
    failed
        .getErr()
        .println("tftrain: error: " + error.getMessage() + " (see '" + name + " --help')");
    return EXIT_BAD_INPUT;
  }

  private static int handleFailure(Exception exception, CommandLine failedCommand) {
    PrintWriter err = failedCommand.getErr();
    boolean verbose = QuietRelauncher.isVerbose(failedCommand.getParseResult().originalArgs().toArray(String[]::new));
    Throwable badInput = findCause(exception, BadInputException.class);
    if (badInput != null) {
      err.println("tftrain: error: " + (badInput instanceof InvalidSettingException invalid
          ? SettingOptions.reworded(invalid) : badInput.getMessage()));
      if (verbose) {
        exception.printStackTrace(err);
      }
      return EXIT_BAD_INPUT;
    }
    String fileProblem = tftrain.FileErrors.describe(exception);
    if (fileProblem != null) {
      err.println("tftrain: error: " + fileProblem);
      if (verbose) {
        exception.printStackTrace(err);
      }
      return EXIT_BAD_INPUT;
    }
    Throwable tensorFlow = TensorFlowErrors.find(exception);
    String reason = tensorFlow != null ? TensorFlowErrors.essence(tensorFlow) : firstLine(exception);
    err.println("tftrain: failed: " + reason + (verbose ? "" : " (run with -v for details)"));
    if (verbose) {
      exception.printStackTrace(err);
    }
    return EXIT_FAILURE;
  }

  private static Throwable findCause(Throwable error, Class<? extends Throwable> type) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return cause;
      }
    }
    return null;
  }

  private static String firstLine(Throwable error) {
    String message = error.getMessage();
    if (message == null || message.isBlank()) {
      return error.getClass().getSimpleName();
    }
    return message.strip().lines().findFirst().orElse(message);
  }
}
