package tftrain.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "split", mixinStandardHelpOptions = true, description = "TODO")
final class DataSplitCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    return 0;
  }
}
