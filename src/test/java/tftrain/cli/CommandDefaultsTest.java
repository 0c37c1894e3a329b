package tftrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tftrain.train.TrainingConfig.Defaults;
import tftrain.train.TrainingConfig;

/** The command line's defaults are the config's: one set, read by picocli, bench and the tests alike. */
class CommandDefaultsTest {

  /** The subcommand's object after parsing no options, with tftrain's own command-line settings. */
  private static <T> T parsed(String command) {
    CommandLine commandLine = TftrainCommand.newCommandLine();
    commandLine.parseArgs(command);
    return commandLine.getSubcommands().get(command).getCommand();
  }

  @Test
  void trainWithoutOptionsDescribesTheDefaultConfig() {
    TrainCommand train = parsed("train");
    // The same folders, made absolute so that a resume from elsewhere reads the same data.
    String data = java.nio.file.Path.of(Defaults.DATA).toAbsolutePath().normalize().toString();
    assertEquals(TrainingConfig.builder().folders(data + "/train", data + "/val").seed(1).build(),
        train.configBuilder().seed(1).build());
  }

  @Test
  void benchMeasuresTheDefaultBatchAndImageSize() {
    BenchCommand bench = parsed("bench");
    assertEquals(Defaults.BATCH_SIZE, bench.batchSize);
    assertEquals(Defaults.IMAGE_SIZE, bench.imageSize);
  }
}
