package tftrain.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import sun.misc.Signal;
import tftrain.BadInputException;
import tftrain.runtime.CpuFeatures;
import tftrain.runtime.EffectiveCpu;
import tftrain.runtime.OneDnnChooser;
import tftrain.runtime.Workload;

/**
 * Runs a TensorFlow command in a child JVM whose environment silences TensorFlow's C++ logging, and
 * filters the few lines TensorFlow prints before its logging reads that setting.
 *
 * <p>With {@code -v} the child gets {@code TF_CPP_MIN_LOG_LEVEL=0} and nothing is filtered. Ctrl-C
 * reaches the child directly (same process group); a SIGTERM sent to this process is passed on, so
 * the child can finish its step and write a checkpoint either way.
 */
final class QuietRelauncher {

  /** Set in the child so that it never relaunches itself and watches its parent. */
  static final String CHILD_MARKER = "TFTRAIN_CHILD";

  private static final String LOG_LEVEL_VARIABLE = "TF_CPP_MIN_LOG_LEVEL";
  private static final Set<String> TENSORFLOW_COMMANDS =
      Set.of("train", "export", "predict", "summary", "bench");
  /** TensorFlow/absl log lines ("I0000 00:00:1795569163.449401   12362 file.cc:401] ...") and libjpeg's own. */
  private static final Pattern NATIVE_LOG_LINE =
      Pattern.compile(
          "^(?:[IWEF]\\d{4} \\d\\d:\\d\\d:\\d+\\.\\d+\\s+\\d+ \\S+:\\d+\\].*"
              + "|\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+: [IWEF] \\S+:\\d+\\].*"
              + "|To enable the following instructions: .*in other operations, rebuild TensorFlow.*"
              + "|WARNING: All log messages before absl::InitializeLog\\(\\) is called are written to STDERR"
              // The lines a gRPC error log entry continues with: a lost worker printed ~35 of them.
              + "|Additional GRPC error information from remote target .*|:\\{\"created\":.*"
              + "|The error could be from a previous operation\\. Restart your program to reset\\..*"
              // libjpeg's own warnings and errors (jerror.h), which it prints straight to stderr.
              + "|Corrupt JPEG data:.*|Premature end of JPEG file|Invalid SOS parameters.*"
              + "|Not a JPEG file:.*|Unsupported marker type.*|Bogus .*|Invalid JPEG file structure.*"
              + "|Huffman table 0x.*|Quantization table 0x.*|Unsupported JPEG process.*"
              + "|JPEG datastream contains no image"
              + "|Warning: unknown JFIF revision number.*|Inconsistent progression sequence.*"
              + "|Improper call to JPEG library.*|Wrong JPEG library version.*|Empty JPEG image.*"
              + "|Unsupported color conversion request|Maximum supported image dimension is.*)$");

  private QuietRelauncher() {}

  /**
   * True for a command that loads TensorFlow, unless this is already the child. A TF_CPP_MIN_LOG_LEVEL the
   * user set does not turn it off: two lines come before TensorFlow reads it, and libjpeg ignores it.
   */
  static boolean isWanted(String[] args) {
    return isWanted(args, System.getenv());
  }

  /** {@link #isWanted(String[])} in the environment {@code env}, which is all it reads of the process. */
  static boolean isWanted(String[] args, Map<String, String> env) {
    if (env.get(CHILD_MARKER) != null) {
      return false;
    }
    for (String arg : args) {
      if (arg.equals("--help") || arg.equals("-h") || arg.equals("--version") || arg.equals("-V")) {
        return false;
      }
    }
    List<String> words = List.of(args).stream().filter(arg -> !arg.startsWith("-")).toList();
    if (words.isEmpty()) {
      return false;
    }
    // data check decodes with TensorFlow only with --decode; the other data commands never load it.
    if (words.get(0).equals("data")) {
      return words.size() > 1 && words.get(1).equals("check") && List.of(args).contains("--decode");
    }
    return TENSORFLOW_COMMANDS.contains(words.get(0));
  }

  static boolean isVerbose(String[] args) {
    for (String arg : args) {
      if (arg.equals("-v") || arg.equals("--verbose")) {
        return true;
      }
    }
    return false;
  }

  /** Returns true when the pattern says the line is TensorFlow's or libjpeg's own chatter. */
  static boolean isNativeLogLine(String line) {
    return NATIVE_LOG_LINE.matcher(line).matches();
  }

  static int relaunch(String[] args) {
    boolean verbose = isVerbose(args);
    ProcessBuilder builder = new ProcessBuilder(childCommand(args));
    builder.environment().put(LOG_LEVEL_VARIABLE, verbose ? "0" : childLogLevel(System.getenv(LOG_LEVEL_VARIABLE)));
    builder.environment().put(CHILD_MARKER, "1");
    try {
      builder.environment().putAll(
          oneDnnEnvironment(args, System.getProperty(CpuFeatures.OVERRIDE_PROPERTY), System.getenv()));
    } catch (BadInputException e) { // a TFTRAIN_CPU naming no class
      System.err.println("tftrain: error: " + e.getMessage());
      return 2;
    }
    builder.redirectInput(ProcessBuilder.Redirect.INHERIT);
    builder.redirectOutput(ProcessBuilder.Redirect.INHERIT);
    if (verbose) {
      builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    }
    Process child;
    try {
      child = builder.start();
    } catch (IOException e) {
      System.err.println("tftrain: cannot start the Java runtime: " + e.getMessage());
      return 1;
    }
    // The terminal sends Ctrl-C to the child as well; this process only waits for it.
    Signal.handle(new Signal("INT"), signal -> {});
    Signal.handle(new Signal("TERM"), signal -> child.destroy());
    Thread filter = verbose ? null : startStderrFilter(child);
    while (true) {
      try {
        int exitCode = child.waitFor();
        if (filter != null) {
          filter.join();
        }
        return exitCode;
      } catch (InterruptedException e) {
        child.destroy();
      }
    }
  }

  /**
   * {@code auto}'s kernel library for the child (TF_ENABLE_ONEDNN_OPTS and its marker), which TensorFlow reads
   * from the environment only: train and bench get the training choice (bench's headline is the training
   * step; validation runs inside train), the other commands the inference one. Empty when the user set it.
   */
  static Map<String, String> oneDnnEnvironment(String[] args, String cpuOverride, Map<String, String> env) {
    String command = List.of(args).stream().filter(arg -> !arg.startsWith("-")).findFirst().orElse("");
    Workload workload = command.equals("train") || command.equals("bench") ? Workload.TRAINING : Workload.INFERENCE;
    return OneDnnChooser.childEnvironment(env, EffectiveCpu.of(cpuOverride, env), workload);
  }

  /** At least 2 (errors only) when quiet; a stricter level the user chose is kept. */
  static String childLogLevel(String userLevel) {
    return "3".equals(userLevel) ? "3" : "2";
  }

  private static Thread startStderrFilter(Process child) {
    PrintStream err = System.err;
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(
                      new InputStreamReader(child.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  if (!isNativeLogLine(line)) {
                    err.println(line);
                  }
                }
              } catch (IOException e) {
                // The child closed its stderr; nothing left to pass on.
              }
            },
            "stderr-filter");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static List<String> childCommand(String[] args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    int javaVersion = Runtime.version().feature();
    // A jar manifest's Enable-Native-Access does not apply to -cp launches; newer JDKs warn without it.
    if (javaVersion >= 22) {
      command.add("--enable-native-access=ALL-UNNAMED");
    }
    if (javaVersion >= 24) {
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    return command;
  }
}
