package tftrain.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tftrain.runtime.ProcessStatus;

/** Runs the tftrain CLI in a fresh JVM, as a user would, for tests that need a separate process. */
public final class TestRuns {

  /** Exit code and output of a finished process. */
  public record Finished(int exitCode, String out, String err) {}

  /** Whether this JVM ignores SIGINT: read once, it does not change while the tests run. */
  private static final boolean INTERRUPT_IGNORED = interruptIgnored();

  private TestRuns() {}

  /** The classpath of the running tests (Surefire runs them through a manifest-only jar). */
  public static String classpath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
  }

  /** A process builder for {@code tftrain ARGS}, quiet, in {@code workDir}. */
  public static ProcessBuilder tftrain(Path workDir, String... args) {
    List<String> command = new ArrayList<>();
    if (INTERRUPT_IGNORED) {
      // Started in the background without job control (nohup, `cmd &` in a script), this JVM ignores SIGINT and
      // its children would inherit that; the JVM then installs no handler, and the Ctrl-C tests could not reach
      // the run. Give the run the default disposition back, as a terminal would.
      command.addAll(List.of("env", "--default-signal=INT"));
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String cacheDir = System.getProperty("org.bytedeco.javacpp.cachedir");
    if (cacheDir != null) {
      command.add("-Dorg.bytedeco.javacpp.cachedir=" + cacheDir);
      command.add("-Dorg.bytedeco.javacpp.cachedir.nosubdir=true");
    }
    // The CPU-class seam a test set for itself reaches the JVMs it starts too.
    String cpuClass = System.getProperty("tftrain.cpu");
    if (cpuClass != null) {
      command.add("-Dtftrain.cpu=" + cpuClass);
    }
    command.add("-cp");
    command.add(classpath());
    command.add("tftrain.cli.Main");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    // As the quiet launcher's child: no second JVM, so killing this process kills the run.
    builder.environment().put("TFTRAIN_CHILD", "1");
    return builder;
  }

  /** Whether this process ignores SIGINT (bit 2 of the SigIgn mask of /proc/self/status; false elsewhere). */
  private static boolean interruptIgnored() {
    try {
      return ProcessStatus.field("SigIgn:").map(mask -> (Long.parseLong(mask, 16) & 0b10) != 0).orElse(false);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * Waits until {@code process}'s output, redirected to {@code log}, holds a line containing {@code marker}:
   * a point in the run the process announces itself, where a fixed sleep would land anywhere on a busy
   * machine. Fails if the process ends first or {@code timeoutSeconds} pass.
   */
  public static void awaitLine(Process process, Path log, String marker, long timeoutSeconds)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (System.nanoTime() < deadline) {
      boolean alive = process.isAlive();
      if (Files.exists(log) && Files.readString(log).contains(marker)) {
        return;
      }
      if (!alive) {
        throw new AssertionError("the process ended before printing '" + marker + "':\n" + Files.readString(log));
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no line with '" + marker + "' in " + timeoutSeconds + " s:\n" + Files.readString(log));
  }

  /** Runs {@code tftrain ARGS} to the end (at most {@code timeoutSeconds}). */
  public static Finished run(Path workDir, long timeoutSeconds, String... args)
      throws IOException, InterruptedException {
    return run(tftrain(workDir, args), timeoutSeconds);
  }

  /** Runs a {@link #tftrain} process builder, perhaps with its environment changed, to the end. */
  public static Finished run(ProcessBuilder tftrain, long timeoutSeconds) throws IOException, InterruptedException {
    Path out = Files.createTempFile("tftrain-out", ".txt");
    Path err = Files.createTempFile("tftrain-err", ".txt");
    try {
      Process process = tftrain.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError(String.join(" ", tftrain.command()) + " did not finish in " + timeoutSeconds + " s");
      }
      return new Finished(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
