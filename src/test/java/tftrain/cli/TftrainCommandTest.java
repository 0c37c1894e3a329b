package tftrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
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

  /**
   * A bare {@code %} in an option's description makes picocli print a warning and show the raw text (it
   * happened to --lr-schedule's "50 % and 75 %"); every command's help must format cleanly.
   */
  @Test
  void everyCommandsHelpFormatsWithoutPicocliWarnings() {
    ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
    try {
      CommandLine root = TftrainCommand.newCommandLine();
      Deque<CommandLine> todo = new ArrayDeque<>(List.of(root));
      while (!todo.isEmpty()) {
        CommandLine command = todo.pop();
        assertFalse(command.getUsageMessage().isBlank(), command.getCommandName());
        todo.addAll(command.getSubcommands().values());
      }
    } finally {
      System.setErr(stderr);
    }
    String printed = warnings.toString(StandardCharsets.UTF_8);
    assertFalse(printed.contains("picocli WARN"), printed);
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
    assertTrue(unknown.err().startsWith("tftrain: error: Unknown option: '--no-such-option'"), unknown.err());
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
        "I0000 00:00:1795569163.449401   12362 mlir_graph_optimization_pass.cc:401]"
            + " MLIR V1 optimization pass is not enabled"));
    assertTrue(QuietRelauncher.isNativeLogLine(
        "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR"));
    assertTrue(QuietRelauncher.isNativeLogLine("Corrupt JPEG data: premature end of data segment"));
    assertTrue(QuietRelauncher.isNativeLogLine(
        "2026-11-25 01:18:19.069409: I tensorflow/core/util/port.cc:153] oneDNN custom operations are on."));
    assertFalse(QuietRelauncher.isNativeLogLine("warning: skipped data/train/cat/1.jpg: empty file"));
    assertFalse(QuietRelauncher.isNativeLogLine("tftrain: error: data folder not found: x"));
    assertTrue(QuietRelauncher.isNativeLogLine("Bogus marker length"));
    assertTrue(QuietRelauncher.isNativeLogLine("Huffman table 0x00 was not defined"));
    // The lines TensorFlow's gRPC error logs continue with (a lost worker printed ~35 of them).
    assertTrue(QuietRelauncher.isNativeLogLine("Additional GRPC error information from remote target"
        + " /job:worker/replica:0/task:1 while calling /tensorflow.WorkerService/RecvBuf:"));
    assertTrue(QuietRelauncher.isNativeLogLine(":{\"created\":\"@1796544720.491957939\",\"description\":"
        + "\"Failed to pick subchannel\",\"file_line\":3941}"));
    assertTrue(QuietRelauncher.isNativeLogLine("The error could be from a previous operation. Restart your program to"
        + " reset. [type.googleapis.com/tensorflow.DerivedStatus='']"));
    // A TF_CPP_MIN_LOG_LEVEL of the user's does not turn the quiet launcher off, and quiet stays quiet. The
    // environment is given, not inherited: Maven's surefire sets TF_CPP_MIN_LOG_LEVEL for every test.
    String[] train = {"train", "--epochs", "1"};
    assertTrue(QuietRelauncher.isWanted(train, Map.of("TF_CPP_MIN_LOG_LEVEL", "0")));
    assertTrue(QuietRelauncher.isWanted(train, Map.of("TF_CPP_MIN_LOG_LEVEL", "3")));
    assertTrue(QuietRelauncher.isWanted(train, Map.of()));
    assertFalse(QuietRelauncher.isWanted(train, Map.of("TFTRAIN_CHILD", "1")), "the child never relaunches itself");
    assertEquals("2", QuietRelauncher.childLogLevel("0"));
    assertEquals("3", QuietRelauncher.childLogLevel("3"));
    assertFalse(QuietRelauncher.isWanted(new String[] {"data", "split", "x"}));
    assertFalse(QuietRelauncher.isWanted(new String[] {"data", "check", "x"}));
    assertFalse(QuietRelauncher.isWanted(new String[] {"train", "--help"}));
  }

  @Test
  void permissionErrorsGiveTheReasonAndPathWithExitCodeTwo(@TempDir Path temp) throws Exception {
    java.nio.file.Path locked = java.nio.file.Files.createDirectories(temp.resolve("locked"));
    assertTrue(locked.toFile().setWritable(false));
    try {
      org.junit.jupiter.api.Assumptions.assumeFalse(java.nio.file.Files.isWritable(locked), "root ignores permissions");
      java.nio.file.Path images = tftrain.testing.TestImages.imageFolder(temp.resolve("all"), 2, 3, 40, 1);
      Run split = Run.of("data", "split", images.toString(), "-o", locked.resolve("split").toString());
      assertEquals(2, split.exitCode(), split.err());
      assertTrue(split.err().startsWith("tftrain: error: permission denied: " + locked), split.err());
    } finally {
      locked.toFile().setWritable(true);
    }
  }

  @Test
  void aNonUtf8LocaleGetsAHintInsteadOfUnmappableCharacters(@TempDir Path temp) throws Exception {
    java.nio.file.Path images = tftrain.testing.TestImages.imageFolder(temp.resolve("all"), 2, 2, 40, 1);
    java.nio.file.Files.move(images.resolve("red"), images.resolve("rouge-été"));
    ProcessBuilder check = tftrain.testing.TestRuns.tftrain(temp, "data", "check", images.toString());
    check.environment().put("LC_ALL", "C");
    check.environment().put("LANG", "C");
    check.environment().remove("LC_CTYPE");
    Process process = check.redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    assertEquals(2, process.exitValue(), output);
    assertTrue(output.contains("run with a UTF-8 locale, e.g. LC_ALL=C.UTF-8"), output);
    assertFalse(output.contains("Exception"), output);
  }

  @Test
  void theLauncherGivesTrainAndBenchTheTrainingKernelsAndTheOtherCommandsTheInferenceOnes() {
    String[] train = {"train", "--data", "d"};
    assertEquals(Map.of("TF_ENABLE_ONEDNN_OPTS", "1", "TFTRAIN_ONEDNN_CHOSEN_FOR", "training"),
        QuietRelauncher.oneDnnEnvironment(train, "avx2", Map.of()));
    assertEquals("training", QuietRelauncher.oneDnnEnvironment(new String[] {"-v", "bench"}, "avx2", Map.of())
        .get("TFTRAIN_ONEDNN_CHOSEN_FOR"));
    assertEquals(Map.of("TF_ENABLE_ONEDNN_OPTS", "0", "TFTRAIN_ONEDNN_CHOSEN_FOR", "inference"),
        QuietRelauncher.oneDnnEnvironment(new String[] {"predict", "-m", "x"}, "avx2", Map.of()));
    assertEquals("0", QuietRelauncher.oneDnnEnvironment(new String[] {"export"}, null,
        Map.of("TFTRAIN_CPU", "avx512-bf16", "ONEDNN_MAX_CPU_ISA", "AVX2")).get("TF_ENABLE_ONEDNN_OPTS"),
        "a cap makes the CPU choose as the class it emulates");
    assertEquals(Map.of(), QuietRelauncher.oneDnnEnvironment(train, "avx2", Map.of("TF_ENABLE_ONEDNN_OPTS", "0")),
        "the user's own switch wins");
  }

  @Test
  void aSeamNamingNoCpuClassIsOneLineAndExitCodeTwo(@TempDir Path temp) throws Exception {
    ProcessBuilder launcher = tftrain.testing.TestRuns.tftrain(temp, "train", "--data", temp.toString());
    launcher.environment().remove("TFTRAIN_CHILD");
    launcher.environment().put("TFTRAIN_CPU", "avx3");
    tftrain.testing.TestRuns.Finished refused = tftrain.testing.TestRuns.run(launcher, 60);
    assertEquals(2, refused.exitCode(), refused.err());
    assertEquals("tftrain: error: unknown CPU class 'avx3'; use one of below-avx2, avx2, avx512, avx512-vnni,"
        + " avx512-bf16, amx", refused.err().strip());
  }
}
