package tftrain.cli;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import sun.misc.Signal;

/**
 * Ctrl-C and SIGTERM as a request: the first one lets the trainer finish its step and write a checkpoint;
 * a second one stops at once (every file is written atomically, so that loses the current epoch only).
 * When this JVM is the quiet child of {@link QuietRelauncher}, the parent's death counts as a request too.
 */
final class StopSignal implements BooleanSupplier {

  private static final int EXIT_INTERRUPTED = 130;

  private final AtomicBoolean requested = new AtomicBoolean();

  private StopSignal() {}

  /** Installs the handlers for the rest of the process. */
  static StopSignal install(PrintWriter err) {
    StopSignal stop = new StopSignal();
    for (String name : new String[] {"INT", "TERM"}) {
      Signal.handle(new Signal(name), signal -> stop.request(err));
    }
    if (System.getenv(QuietRelauncher.CHILD_MARKER) != null) {
      ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> stop.request(err)));
    }
    return stop;
  }

  private void request(PrintWriter err) {
    if (requested.compareAndSet(false, true)) {
      err.println();
      err.println("Stopping after the current step and writing a checkpoint (press Ctrl-C again to stop at once)…");
      err.flush();
    } else {
      err.println("Stopped without a checkpoint for the current epoch.");
      err.flush();
      Runtime.getRuntime().halt(EXIT_INTERRUPTED);
    }
  }

  @Override
  public boolean getAsBoolean() {
    return requested.get();
  }
}
