package tftrain.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import tftrain.data.TrainValData;
import tftrain.distributed.ClusterRun;
import tftrain.report.ProgressReporter;
import tftrain.train.Replica;
import tftrain.train.ResumeSettings;
import tftrain.train.RunFolder;
import tftrain.train.RunLauncher;
import tftrain.train.Trainer;
import tftrain.train.TrainingConfig;
import tftrain.train.TrainingState;

/**
 * {@code tftrain train}: AlexNet on an ImageFolder, with tftrain's default recipe ({@code --recipe seed}: the
 * tutorial's). Turns the options into a config, hands the run to {@link RunLauncher} (and a multi-worker run to
 * {@link ClusterRun}), and prints.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Train AlexNet on class folders of images. With no arguments it trains on the sample data in data/.",
      "Writes best/ and last/ SavedModels, checkpoint/, metrics.csv, summary.json, loss.png and accuracy.png."
    })
final class TrainCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin TrainDataOptions data;
  @Mixin ScheduleOptions schedule;
  @Mixin RecipeOptions recipe;
  @Mixin ComputeOptions compute;
  @Mixin RunOutputOptions output;
  @Mixin ClusterOptions cluster;
  @Mixin VerboseOption verbose;

  @Override
  public Integer call() throws Exception {
    // From the first moment: a Ctrl-C before training undoes the start (the default exit would skip that).
    StopSignal stop = StopSignal.install(err());
    output.check();
    ClusterRun clusterRun = cluster.run(output.resume != null);
    if (clusterRun != null && !clusterRun.cluster().isChief()) {
      // Another worker writes nothing: no run folder, no lock; the chief may even share its machine and -o.
      return trainAsWorker(clusterRun, newConfig(null), stop);
    }
    // The folders a new run's start creates, so that a start undone (failed or stopped) removes them again.
    List<Path> created = new ArrayList<>(output.resume != null ? List.of()
        : RunFolder.missingFolders(output.folder != null ? output.folder : Path.of(RunLauncher.DEFAULT_PARENT)));
    try {
      return trainInRunFolder(clusterRun, stop, created);
    } catch (Exception | Error failure) {
      try {
        RunFolder.removeIfEmpty(created); // a failed start's files and lock are gone by now: only a run stays
      } catch (IOException cannotRemove) {
        failure.addSuppressed(cannotRemove);
      }
      throw failure;
    }
  }

  /** The chief's or the single process's run: prepare and lock the run folder, train, print the end. */
  private int trainInRunFolder(ClusterRun clusterRun, StopSignal stop, List<Path> created) throws Exception {
    // The config first: it may run the bf16 self-check, which a Ctrl-C may cut short (the folder is untouched).
    TrainingConfig config = output.resume == null ? newConfig(null) : null;
    try (RunLauncher.PreparedRun run = stop.whilePreparing(() -> output.resume != null
        ? RunLauncher.resume(output.resume, output.folder, output.overwrite, this::resumedConfig,
            givenOptions().stream().anyMatch(List.of("--data", "--train-dir", "--val-dir")::contains), err()::println)
        : RunLauncher.newRun(config, output.folder, output.overwrite, err()::println));
        ProgressReporter progress = ProgressReporter.create(out(), !output.noProgress)) {
      if (output.resume == null && output.folder == null) {
        created.add(0, run.runDir().toAbsolutePath().normalize()); // the default folder: a new name, made now
      }
      boolean heldRunBefore = RunFolder.holdsRun(run.runDir());
      Runnable undo = () -> undoStart(run, heldRunBefore, created);
      String note = heldRunBefore ? "; " + run.runDir() + " still resumes from its checkpoint"
          : "; nothing of it is left in " + run.runDir();
      if (stop.undoOnRequest(undo, note)) {
        undo.run(); // stopped while the folder was prepared: its line is out already
        return StopSignal.EXIT_INTERRUPTED;
      }
      TrainConsole console = new TrainConsole(out(), err(), progress,
          new TimelinePrinter(output.traceStep, out(), clusterRun != null ? "worker 0" : ""));
      Trainer.Outcome outcome = RunFolder.undoIfFailedAtStart(run.runDir(), () -> clusterRun != null
          ? clusterRun.train(run.config(), run, precisionNote(run.config()), console, clusterConsole(stop))
          : trainAlone(run, console, stop));
      return finish(outcome, console.badImageCount(), run.runDir());
    }
  }

  /**
   * Undoes a start stopped before training: what it wrote, its lock, and the folders it made (the stop
   * request calls this from its own thread, then ends the process).
   */
  private static void undoStart(RunLauncher.PreparedRun run, boolean heldRunBefore, List<Path> created) {
    try {
      RunFolder.undoStart(run.runDir(), heldRunBefore);
      run.close();
      RunFolder.removeIfEmpty(created);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Trainer.Outcome trainAlone(RunLauncher.PreparedRun run, TrainConsole console, StopSignal stop)
      throws Exception {
    LocaleHint.warnIfNeeded(run.data().classes(), err());
    Trainer.Setup setup =
        new Trainer.Setup(run.config(), run.data(), run.runDir(), precisionNote(run.config()), Replica.SOLE);
    return new Trainer(setup, console, stop.trainingBeginsAtFirstStep()).run(run.resumeState());
  }

  private int trainAsWorker(ClusterRun clusterRun, TrainingConfig config, StopSignal stop) throws Exception {
    int task = clusterRun.cluster().task();
    WorkerConsole console = new WorkerConsole(out(), err(), task, clusterRun.cluster().size(),
        new TimelinePrinter(output.traceStep, out(), "worker " + task));
    Trainer.Outcome outcome = clusterRun.train(config, null, precisionNote(config), console, clusterConsole(stop));
    out().println(outcome.interrupted() ? "Worker " + task + " stopped with the chief." : "Worker " + task + " done.");
    return outcome.interrupted() ? StopSignal.EXIT_INTERRUPTED : 0;
  }

  /** A worker's lines, its Ctrl-C and the chief's class-name hint, on this command's output. */
  private ClusterRun.Console clusterConsole(StopSignal stop) {
    return new ClusterRun.Console() {
      @Override
      public void say(String line) {
        out().println(line);
        out().flush();
      }

      @Override
      public void note(String line) {
        err().println(line);
        err().flush();
      }

      @Override
      public void dataKnown(TrainValData data) {
        LocaleHint.warnIfNeeded(data.classes(), err());
      }

      @Override
      public BooleanSupplier stopSignal() {
        return stop.trainingBegins();
      }
    };
  }

  /** The run's last lines: skipped files, how to resume an interrupted run, or where the models are. */
  private int finish(Trainer.Outcome outcome, int badImageCount, Path runDir) {
    if (badImageCount > 0) {
      err().println(
          "warning: " + badImageCount + " file(s) could not be decoded and were skipped (listed in summary.json)");
    }
    if (outcome.interrupted()) {
      out().println("Checkpoint written. Resume with: " + LaunchCommand.current() + " train --resume " + runDir);
      return StopSignal.EXIT_INTERRUPTED;
    }
    if (outcome.stopReason() != null) {
      out().println("Stopped early: " + outcome.stopReason());
    }
    TrainingState state = outcome.state();
    out().printf(Locale.ROOT, "Done. Best val_acc %.4f at epoch %d: %s; last: %s%n", state.bestValAccuracy(),
        state.bestEpoch(), runDir.resolve(Trainer.BEST_FOLDER), runDir.resolve(Trainer.LAST_FOLDER));
    return 0;
  }

  /**
   * Why the run computes in its precision: the chooser's reason for a new run (or a resume that chose
   * anew), else the checkpoint's setting.
   */
  private String precisionNote(TrainingConfig config) {
    boolean chosenNow = output.resume == null || spec.commandLine().getParseResult().hasMatchedOption("--precision");
    return chosenNow
        ? compute.precisionChoice().describe()
        : config.compute().precision().name().toLowerCase(Locale.ROOT) + " (the run's own setting)";
  }

  /** A resumed run's settings: the checkpoint's, with the options typed now that a resume may change. */
  private TrainingConfig resumedConfig(TrainingConfig saved) {
    Double splitOfRun = saved.data().valDir() == null ? saved.data().valSplit() : null;
    return ResumeSettings.resolve(saved, newConfig(splitOfRun), givenOptions());
  }

  /** The long names of the options typed on the command line. */
  private Set<String> givenOptions() {
    return spec.commandLine().getParseResult().matchedOptions().stream()
        .map(option -> option.longestName())
        .collect(Collectors.toSet());
  }

  /** The config the command line describes ({@link TrainingConfig} checks it); see {@link TrainDataOptions#applyTo}. */
  private TrainingConfig newConfig(Double splitOfRun) {
    data.checkCache();
    return configBuilder(splitOfRun)
        .seed(recipe.seed != null ? recipe.seed : new SecureRandom().nextInt(1_000_000))
        .compute(compute.settingsHoldingWarnings()) // warnings once the run starts, not before a refusal
        .build();
  }

  /** The options as a config builder, without the seed and the compute settings (which may run a check). */
  TrainingConfig.Builder configBuilder() {
    return configBuilder(null);
  }

  private TrainingConfig.Builder configBuilder(Double splitOfRun) {
    TrainingConfig.Builder config = TrainingConfig.builder();
    schedule.applyTo(config);
    recipe.applyTo(config);
    data.applyTo(config, splitOfRun);
    output.applyTo(config);
    cluster.applyTo(config);
    return config;
  }

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }

  private PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
