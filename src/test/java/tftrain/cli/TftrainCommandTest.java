package tftrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TftrainCommandTest {

  @Test
  void helpListsEverySubcommand() {
    Run help = Run.of("--help");
    assertEquals(0, help.exitCode());
    for (String command : new String[] {"train", "export", "predict", "summary", "data", "bench"}) {
      assertTrue(help.out().contains("\n  " + command), command + " missing from:\n" + help.out());
    }
    Run dataHelp = Run.of("data", "--help");
    for (String command : new String[] {"unzip", "organize", "split"}) {
      assertTrue(dataHelp.out().contains(command), command);
    }
  }

  @Test
  void helpAndVersionWorkOnEveryCommand() {
    for (String command : new String[] {"train", "export", "predict", "summary", "bench", "data"}) {
      assertEquals(0, Run.of(command, "--help").exitCode(), command);
      assertEquals(0, Run.of(command, "--version").exitCode(), command);
    }
    Run version = Run.of("--version");
    assertTrue(version.out().startsWith("tftrain "), version.out());
    assertTrue(version.out().contains("TensorFlow Java 1.1.0"), version.out());
  }

  @Test
  void noSubcommandIsABadUsage() {
    Run bare = Run.of();
    assertEquals(2, bare.exitCode());
    assertEquals(1, bare.err().strip().lines().count(), bare.err());
  }

  @Test
  void unknownOptionGivesOneLineAndExitCodeTwo() {
    Run unknown = Run.of("train", "--no-such-option");
    assertEquals(2, unknown.exitCode());
    assertEquals(1, unknown.err().strip().lines().count(), unknown.err());
    assertTrue(unknown.err().contains("--no-such-option"));
  }

  @Test
  void missingDataFolderIsOneClearLine(@TempDir Path temp) {
    Run missing = Run.of("train", "--data", temp.resolve("nowhere").toString(), "-o", temp.resolve("run").toString());
    assertEquals(2, missing.exitCode());
    assertEquals("tftrain: error: data folder not found: " + temp.resolve("nowhere"), missing.err().strip());
    assertFalse(temp.resolve("run").toFile().exists(), "nothing written for bad input");
  }

  @Test
  void badOptionValuesAreUsageErrors() {
    assertEquals(2, Run.of("train", "--augment", "sideways").exitCode());
    assertEquals(2, Run.of("train", "--epochs", "many").exitCode());
    Run zeroEpochs = Run.of("train", "--epochs", "0");
    assertEquals(2, zeroEpochs.exitCode());
    assertTrue(zeroEpochs.err().contains("--epochs"), zeroEpochs.err());
  }

  @Test
  void quietRelaunchFiltersOnlyNativeLogLines() {
    assertTrue(QuietRelauncher.isNativeLogLine(
        "I0000 00:00:1795569163.449401   12362 mlir_graph_optimization_pass.cc:401] MLIR V1 optimization pass is not enabled"));
    assertTrue(QuietRelauncher.isNativeLogLine(
        "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR"));
    assertTrue(QuietRelauncher.isNativeLogLine("Corrupt JPEG data: premature end of data segment"));
    assertTrue(QuietRelauncher.isNativeLogLine(
        "2026-11-25 01:18:19.069409: I tensorflow/core/util/port.cc:153] oneDNN custom operations are on."));
    assertFalse(QuietRelauncher.isNativeLogLine("warning: skipped data/train/cat/1.jpg: empty file"));
    assertFalse(QuietRelauncher.isNativeLogLine("tftrain: error: data folder not found: x"));
    assertTrue(QuietRelauncher.isWanted(new String[] {"train", "--epochs", "1"}) || System.getenv("TF_CPP_MIN_LOG_LEVEL") != null);
    assertFalse(QuietRelauncher.isWanted(new String[] {"data", "split", "x"}));
    assertFalse(QuietRelauncher.isWanted(new String[] {"train", "--help"}));
  }
}
