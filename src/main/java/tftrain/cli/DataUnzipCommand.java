package tftrain.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "unzip", mixinStandardHelpOptions = true, description = "TODO")
final class DataUnzipCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    return 0;
  }
}
