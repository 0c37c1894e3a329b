package tftrain.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import sun.misc.Signal;

/**
 * Ctrl-C and SIGTERM, from the command's first moment to its end. Before training begins (while the run
 * folder is prepared, a multi-worker run waits for its peers, or a single process's trainer starts) a request
 * ends the command with one line and exit code 130 as soon as nothing is being written, after undoing what
 * the start made in the run folder: the same command then works again. Once training has begun, the first
 * request lets the trainer finish its step and write a checkpoint; a second one stops at once (every file is
 * written atomically, so that loses the current epoch only). When this JVM is the quiet child of
 * {@link QuietRelauncher}, the parent's death counts as a request too.
 */
final class StopSignal implements BooleanSupplier {

  static final int EXIT_INTERRUPTED = 130;
  static final String AT_START_UP = "tftrain: interrupted at start-up, before training began";

  private final PrintWriter err;
  /** Ends the process; {@link Runtime#halt} but in tests, which must not end theirs. */
  private final IntConsumer halt;

  // All guarded by this: the signal's thread and the command's thread both read and change them.
  private boolean requested;
  /** The trainer has taken over: a request lets the current step finish. */
  private boolean training;
  /** The run folder is being prepared: a request waits until it is, so that its undo sees it whole. */
  private boolean preparing;
  /** Undoes what the start made so far, once the run folder is prepared; null before (nothing to undo). */
  private Runnable undoStart;
  private String afterUndo = "";

  StopSignal(PrintWriter err, IntConsumer halt) {
    this.err = err;
    this.halt = halt;
  }

  /** Installs the handlers for the rest of the process, in start-up mode. */
  static StopSignal install(PrintWriter err) {
    StopSignal stop = new StopSignal(err, code -> Runtime.getRuntime().halt(code));
    for (String name : new String[] {"INT", "TERM"}) {
      Signal.handle(new Signal(name), signal -> stop.request());
    }
    if (System.getenv(QuietRelauncher.CHILD_MARKER) != null) {
      ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(stop::request));
    }
    return stop;
  }

  /**
   * Prepares the run folder with {@code prepare}. A request meanwhile is held until it returns (stopping
   * half-way could leave a lock or a file behind that nothing undoes); then {@link #stoppedAtStartUp} says so.
   */
  <T> T whilePreparing(Callable<T> prepare) throws Exception {
    synchronized (this) {
      preparing = true;
    }
    try {
      return prepare.call();
    } finally {
      synchronized (this) {
        preparing = false;
      }
    }
  }

  /**
   * From now until training begins, a request runs {@code undo} and ends the process; {@code note} ends its line
   * (what became of the run folder).
   *
   * @return true when a request came while the folder was prepared: the caller undoes and ends with 130
   */
  synchronized boolean undoOnRequest(Runnable undo, String note) {
    if (requested) {
      return true;
    }
    undoStart = undo;
    afterUndo = note;
    return false;
  }

  /** True when a request came before training began (the command ends with {@link #EXIT_INTERRUPTED}). */
  synchronized boolean stoppedAtStartUp() {
    return requested && !training;
  }

  /**
   * Training begins: from now on a request lets the step finish. Waits while a request during start-up is
   * undoing the start (which then ends the process), so the trainer never writes into a folder being cleaned.
   */
  synchronized BooleanSupplier trainingBegins() {
    training = true;
    undoStart = null;
    return this;
  }

  /**
   * A single process's trainer takes over, but its start goes on until its first step, which is the first
   * time it asks {@link #getAsBoolean}: a request before then is held, and that first question, asked on the
   * trainer's thread once it has written all it writes at its start, undoes the start and ends the process.
   * (A multi-worker run begins training at {@link #trainingBegins}: its peers must stop in lockstep.)
   */
  synchronized BooleanSupplier trainingBeginsAtFirstStep() {
    preparing = true;
    return () -> {
      synchronized (this) {
        if (!training) {
          preparing = false;
          if (requested) {
            undoAndHalt(AT_START_UP + afterUndo, false);
          }
          trainingBegins();
        }
        return requested;
      }
    };
  }

  void request() {
    synchronized (this) {
      if (training) {
        if (!requested) {
          requested = true;
          err.println();
          err.println("Stopping after the current step and writing a checkpoint "
              + "(press Ctrl-C again to stop at once)…");
          err.flush();
          return;
        }
        err.println("Stopped without a checkpoint for the current epoch.");
        err.flush();
      } else if (!requested) {
        requested = true;
        if (preparing) {
          // The command's thread undoes once it is safe and ends with 130; this line is its only one.
          err.println(AT_START_UP + afterUndo);
          err.flush();
          return;
        }
        undoAndHalt(AT_START_UP + afterUndo, true);
        return;
      } else {
        err.println("Stopped at once.");
        err.flush();
      }
      halt.accept(EXIT_INTERRUPTED);
    }
  }

  /** Undoes the start (if any of it is to undo), says so unless said already, and ends the process. */
  private void undoAndHalt(String line, boolean say) {
    if (undoStart != null) {
      try {
        undoStart.run();
      } catch (RuntimeException e) {
        line = AT_START_UP + "; could not undo the start: " + e.getMessage();
        say = true;
      }
    }
    if (say) {
      err.println(line);
      err.flush();
    }
    halt.accept(EXIT_INTERRUPTED);
  }

  @Override
  public synchronized boolean getAsBoolean() {
    return requested;
  }
}
