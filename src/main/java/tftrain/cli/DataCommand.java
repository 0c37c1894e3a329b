package tftrain.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tftrain data}: the chores before training, one subcommand each. */
@Command(
    name = "data",
    mixinStandardHelpOptions = true,
    description = "Prepare image folders: unzip an archive, sort a flat folder into classes, split train/val, "
        + "check before training.",
    subcommands = {DataUnzipCommand.class, DataOrganizeCommand.class, DataSplitCommand.class, DataCheckCommand.class})
final class DataCommand implements Runnable {

  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "a data command is required (unzip, organize, split, check)");
  }
}
