package tftrain.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "organize", mixinStandardHelpOptions = true, description = "TODO")
final class DataOrganizeCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    return 0;
  }
}
