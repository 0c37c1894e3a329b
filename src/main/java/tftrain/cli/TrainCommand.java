package tftrain.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tftrain.BadInputException;
import tftrain.TensorFlowErrors;
import tftrain.data.Augmentation;
import tftrain.data.DecodedImageCache;
import tftrain.data.Normalization;
import tftrain.data.TrainValData;
import tftrain.distributed.ClusterFailure;
import tftrain.distributed.ClusterSpec;
import tftrain.distributed.PeerProbe;
import tftrain.distributed.WorkerGroup;
import tftrain.io.AtomicFiles;
import tftrain.io.FolderLock;
import tftrain.io.OutputFiles;
import tftrain.model.InitScheme;
import tftrain.report.ProgressReporter;
import tftrain.runtime.ComputeSettings;
import tftrain.runtime.Precision;
import tftrain.train.Checkpoint;
import tftrain.train.EarlyStopMonitor;
import tftrain.train.LearningRateSchedule;
import tftrain.train.Recipe;
import tftrain.train.ResumeSettings;
import tftrain.train.RunFolder;
import tftrain.train.RunRepair;
import tftrain.train.Trainer;
import tftrain.train.TrainingConfig.Defaults;
import tftrain.train.TrainingConfig;
import tftrain.train.TrainingListener;
import tftrain.train.TrainingState;

/** {@code tftrain train}: AlexNet on an ImageFolder, with the seed's recipe as the defaults. */
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

  @Option(names = "--data", paramLabel = "DIR",
      description = "Folder with train/ and val/ class folders (default: ${DEFAULT-VALUE}).")
  Path dataDir = Path.of(Defaults.DATA);

  @Option(names = "--train-dir", paramLabel = "DIR", description = "Training class folders (instead of --data).")
  Path trainDir;

  @Option(names = "--val-dir", paramLabel = "DIR", description = "Validation class folders (with --train-dir).")
  Path valDir;

  @Option(names = "--val-split", paramLabel = "F",
      description = "Carve a seeded validation fraction out of --train-dir (or --data) instead, e.g. 0.3.")
  Double valSplit;

  @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs = Defaults.EPOCHS;

  @Option(names = {"-b", "--batch-size"}, paramLabel = "N", description = "Images per step (default: ${DEFAULT-VALUE}).")
  int batchSize = Defaults.BATCH_SIZE;

  @Option(names = "--lr", paramLabel = "RATE", description = "Initial learning rate (default: ${DEFAULT-VALUE}).")
  double learningRate = Defaults.LEARNING_RATE;

  @Option(names = "--momentum", paramLabel = "M", description = "SGD momentum (default: ${DEFAULT-VALUE}).")
  double momentum = Defaults.MOMENTUM;

  @Option(names = "--lr-step-size", paramLabel = "EPOCHS",
      description = "Multiply the rate by --lr-gamma every this many epochs (default: ${DEFAULT-VALUE}).")
  int lrStepSize = Defaults.LR_STEP_SIZE;

  @Option(names = "--lr-gamma", paramLabel = "G", description = "Step decay factor (default: ${DEFAULT-VALUE}).")
  double lrGamma = Defaults.LR_GAMMA;

  @Option(names = "--lr-boundaries", paramLabel = "E1,E2", split = ",",
      description = "Piecewise-constant schedule: the last epoch of each rate (with --lr-values), e.g. 10,20.")
  int[] lrBoundaries;

  @Option(names = "--lr-values", paramLabel = "R0,R1,R2", split = ",",
      description = "The rates of the pieces, one more than boundaries, e.g. 0.01,0.001,0.0001.")
  double[] lrValues;

  @Option(names = "--dropout", paramLabel = "P", description = "Dropout before fc6 and fc7 (default: ${DEFAULT-VALUE}).")
  double dropout = Defaults.DROPOUT;

  @Option(names = "--clip-norm", paramLabel = "N",
      description = "Scale gradients down to this global L2 norm when above it; 0 turns clipping off (default: the recipe's: 5, seed 0).")
  Double clipNorm;

  @Option(names = "--recipe", paramLabel = "R",
      description = "default (He init, 20 warm-up steps, horizontal flips, clipping at 5) or seed (the tutorial's exact recipe: PyTorch init, no warm-up, vertical flips, no clipping). Single flags override it (default: default).")
  Recipe recipe = Defaults.RECIPE;

  @Option(names = "--init", paramLabel = "I",
      description = "Initial weights: pytorch (U(±1/√fan_in), the seed's), xavier (Glorot uniform) or he (default: the recipe's).")
  InitScheme init;

  @Option(names = "--warmup-steps", paramLabel = "N",
      description = "Raise the learning rate linearly over the first N steps (default: the recipe's: 20, seed 0).")
  Integer warmupSteps;

  @Option(names = "--image-size", paramLabel = "S",
      description = "Network input side, after the centre crop (default: ${DEFAULT-VALUE}; at least 63).")
  int imageSize = Defaults.IMAGE_SIZE;

  @Option(names = "--resize", paramLabel = "S",
      description = "Scale the shorter image side to this before cropping (default: 256 for 224, same ratio otherwise).")
  Integer resize;

  @Option(names = "--normalize", paramLabel = "N",
      description = "half (mean 0.5, std 0.5, the seed's) or imagenet (default: half).")
  Normalization normalization = Defaults.NORMALIZATION;

  @Option(names = "--augment", paramLabel = "A",
      description = "horizontal-flip, vertical-flip (the seed's) or none (default: the recipe's: horizontal-flip, seed vertical-flip).")
  Augmentation augmentation;

  @Option(names = "--seed", paramLabel = "N", description = "Seed for initial weights, shuffling, dropout and flips (default: random, printed).")
  Long seed;

  @Option(names = "--early-stop-patience", paramLabel = "N",
      description = "Stop when --early-stop-monitor has not improved for N epochs; 0 never stops early (default: ${DEFAULT-VALUE}).")
  int earlyStopPatience = Defaults.EARLY_STOP_PATIENCE;

  @Option(names = "--early-stop-monitor", paramLabel = "M",
      description = "What early stopping watches: val_acc (higher is better) or val_loss (lower is better) (default: val_acc).")
  EarlyStopMonitor earlyStopMonitor = Defaults.EARLY_STOP_MONITOR;

  @Mixin ComputeOptions compute;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR",
      description = "Run folder (default: a new checkpoints/run-<date>-<time>).")
  Path output;

  @Option(names = "--resume", paramLabel = "RUN", description = "Continue the run in RUN from its last checkpoint.")
  Path resume;

  @Option(names = "--overwrite",
      description = "Start over in an -o folder that already holds a run or other files (replaces only what a run writes).")
  boolean overwrite;

  @Option(names = "--max-pixels", paramLabel = "N",
      description = "Skip images whose header declares more pixels, like corrupt files (default: ${DEFAULT-VALUE}).")
  long maxPixels = Defaults.MAX_PIXELS;

  @Option(names = "--cache", paramLabel = "DIR",
      description = "Keep each decoded image in DIR (S·S·12 bytes: 588 KiB at 224), so later epochs and runs "
          + "skip decoding it. Worth it for large photos; the folder may be deleted at any time.")
  Path cache;

  @Option(names = "--no-progress", description = "No progress bar, only one line per epoch.")
  boolean noProgress;

  @Option(names = "--max-batches", paramLabel = "N",
      description = "Train at most N batches per epoch (smoke tests; default: all).")
  int maxBatches = Defaults.MAX_BATCHES;

  @Option(names = "--cluster", paramLabel = "HOST:PORT,…",
      description = "Multi-worker training: every worker's host:port, the same list on each (or set TF_CONFIG).")
  String cluster;

  @Option(names = "--task", paramLabel = "N",
      description = "This worker's index in --cluster; 0 is the chief, which writes the run folder.")
  Integer task;

  @Option(names = "--collective-timeout", paramLabel = "SECONDS",
      description = "Multi-worker: how long a worker waits for a peer in a step before giving up (default: ${DEFAULT-VALUE}).")
  int collectiveTimeout = WorkerGroup.DEFAULT_COLLECTIVE_TIMEOUT_SECONDS;

  @Option(names = "--startup-timeout", paramLabel = "SECONDS",
      description = "Multi-worker: how long to wait at start-up for every worker to come up (default: ${DEFAULT-VALUE}).")
  int startupTimeout = WorkerGroup.DEFAULT_STARTUP_TIMEOUT_SECONDS;

  @Mixin VerboseOption verbose;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ClusterSpec clusterSpec = clusterSpec();
    if (clusterSpec != null) {
      if (collectiveTimeout < 1 || startupTimeout < 1) {
        throw new BadInputException("--collective-timeout and --startup-timeout must be at least 1 second");
      }
      if (resume != null && !clusterSpec.isChief()) {
        throw new BadInputException("only the chief (task 0) takes --resume; start worker " + clusterSpec.task()
            + " with its original command, it continues from the chief's checkpoint");
      }
      if (!clusterSpec.isChief()) {
        // Another worker writes nothing: no run folder, no lock; the chief may even share its machine and -o.
        return trainInCluster(clusterSpec, newConfig(), null, null, null, out, err);
      }
    }
    if (resume != null) {
      return resumeRun(clusterSpec, out, err);
    }
    TrainingConfig config = newConfig();
    Path runDir = output != null ? OutputFiles.requireNonEmpty(output, "-o") : defaultRunDir();
    RunFolder.prepareForNewRun(runDir, overwrite, false); // refuse before any work, without touching the folder
    TrainValData data = loadData(config);
    try (FolderLock lock = FolderLock.acquire(runDir, "train", err::println)) {
      List<String> replaced = RunFolder.prepareForNewRun(runDir, overwrite, true);
      if (!replaced.isEmpty()) {
        err.println("warning: --overwrite: replacing " + String.join(", ", replaced) + " in " + runDir);
      }
      return clusterSpec != null
          ? trainInCluster(clusterSpec, config, data, runDir, null, out, err)
          : train(config, data, runDir, null, out, err);
    }
  }

  private Integer resumeRun(ClusterSpec clusterSpec, PrintWriter out, PrintWriter err) throws Exception {
    OutputFiles.requireNonEmpty(resume, "--resume");
    if (output != null && !OutputFiles.isSameFile(output, resume)) {
      throw new BadInputException(
          "-o " + output + " does not go with --resume " + resume + ": a resumed run continues in its own folder");
    }
    if (overwrite) {
      throw new BadInputException("--overwrite does not go with --resume: resuming keeps the run's files");
    }
    if (!Files.isDirectory(resume)) {
      throw new BadInputException("run folder not found: " + resume);
    }
    try (FolderLock lock = FolderLock.acquire(resume, "train --resume", err::println)) {
      TrainingState resumeState = Checkpoint.readForResume(resume);
      if (resumeState.config().valDir() == null && valSplit == null && valDir == null) {
        valSplit = resumeState.config().valSplit(); // --data of a split run names the one folder to split
      }
      TrainingConfig config = ResumeSettings.resolve(resumeState.config(), newConfig(), givenOptions());
      TrainValData data = loadData(config);
      if (!data.classes().equals(resumeState.classes())) {
        throw new BadInputException(
            "cannot resume: the run was trained on classes " + resumeState.classes() + " but the data now has "
                + data.classes());
      }
      AtomicFiles.cleanLeftovers(resume);
      for (String repaired : RunRepair.repair(resume, resumeState, data)) {
        err.println("notice: repaired " + repaired + " from the checkpoint (the last run was stopped before writing it)");
      }
      if (resumeState.epochsCompleted() >= config.epochs()) {
        throw new BadInputException(
            resume + " already finished its " + config.epochs() + " epochs; pass --epochs N to train it further");
      }
      return clusterSpec != null
          ? trainInCluster(clusterSpec, config, data, resume, resumeState, out, err)
          : train(config, data, resume, resumeState, out, err);
    }
  }

  private Integer train(TrainingConfig config, TrainValData data, Path runDir, TrainingState resumeState,
      PrintWriter out, PrintWriter err) throws Exception {
    LocaleHint.warnIfNeeded(data.classes(), err);
    StopSignal stop = StopSignal.install(err);
    try (ProgressReporter progress = ProgressReporter.create(out, !noProgress)) {
      TrainConsole console = new TrainConsole(out, err, progress);
      Trainer.Outcome outcome = new Trainer(config, data, runDir, console, stop, precisionNote(config)).run(resumeState);
      return finish(outcome, console.badImageCount(), runDir, out, err);
    }
  }

  /** --cluster/--task, or TF_CONFIG, or null for a single-process run. */
  private ClusterSpec clusterSpec() {
    String tfConfig = System.getenv(ClusterSpec.TF_CONFIG);
    if (cluster != null || task != null) {
      if (tfConfig != null && !tfConfig.isBlank()) {
        throw new BadInputException("give --cluster/--task or set TF_CONFIG, not both");
      }
      return ClusterSpec.parse(cluster, task);
    }
    return tfConfig != null && !tfConfig.isBlank() ? ClusterSpec.fromTfConfig(tfConfig) : null;
  }

  /**
   * One worker of a multi-worker run: join the others, agree on the run (the chief's seed, epochs, early
   * stopping and position), check that all read the same data, then train in lockstep. The chief comes
   * here with its run folder prepared and locked and its data loaded; another worker with neither (it
   * loads the data once it knows the chief's seed, which a --val-split carve depends on). A lost peer ends
   * this worker with one line.
   */
  private int trainInCluster(ClusterSpec clusterSpec, TrainingConfig localConfig, TrainValData chiefData, Path runDir,
      TrainingState resumeState, PrintWriter out, PrintWriter err) throws Exception {
    boolean chief = clusterSpec.isChief();
    if (localConfig.batchSize() % clusterSpec.size() != 0) {
      throw new BadInputException("--batch-size " + localConfig.batchSize() + " (the global batch) does not split evenly over "
          + clusterSpec.size() + " workers");
    }
    String precisionNote = precisionNote(localConfig);
    if (localConfig.precision() != Precision.FP32) {
      // TF 2.18's bf16 graph rewrite turns ops of the all-reduce into bf16 that have no bf16 kernel, and the
      // step fails; bf16 was also wrong on some CPUs (see README). fp32 is exact and the same on every worker.
      err.println("note: multi-worker training computes in fp32 (bf16 breaks the all-reduce graph in TensorFlow 2.18)");
      err.flush();
      localConfig = localConfig.toBuilder().compute(new ComputeSettings(localConfig.threads(), Precision.FP32)).build();
      precisionNote = "fp32 (multi-worker)";
    }
    out.printf(Locale.ROOT, "Cluster: worker %d of %d (%s)%s%n", clusterSpec.task(), clusterSpec.size(),
        clusterSpec.address(), chief ? ", chief" : "");
    out.flush();
    try (WorkerGroup group =
        WorkerGroup.join(clusterSpec, localConfig.compute().sessionConfig(), startupTimeout, collectiveTimeout)) {
      TrainingConfig config;
      TrainValData data;
      WorkerGroup.Start start;
      try {
        start = group.agree(localConfig, resumeState);
        config = chief ? localConfig : start.adopt(localConfig);
        data = chief ? chiefData : loadData(config);
        group.checkData(data);
      } catch (RuntimeException e) {
        throw lostCluster(clusterSpec, e, "at start-up");
      }
      if (chief) {
        LocaleHint.warnIfNeeded(data.classes(), err);
      }
      TrainingState position = chief ? resumeState : group.startState(start, data.classes(), config);
      StopSignal stop = StopSignal.install(err);
      try (ProgressReporter progress = ProgressReporter.create(out, !noProgress && chief)) {
        TrainConsole chiefConsole = chief ? new TrainConsole(out, err, progress) : null;
        TrainingListener console =
            chief ? chiefConsole : new WorkerConsole(out, err, clusterSpec.task(), clusterSpec.size());
        Trainer.Outcome outcome;
        try {
          outcome = new Trainer(config, data, runDir, console, stop, precisionNote, group.replica()).run(position);
        } catch (RuntimeException e) {
          throw lostCluster(clusterSpec, e, "during training");
        }
        if (!chief) {
          out.println(outcome.interrupted()
              ? "Worker " + clusterSpec.task() + " stopped with the chief."
              : "Worker " + clusterSpec.task() + " done.");
          return outcome.interrupted() ? 130 : 0;
        }
        return finish(outcome, chiefConsole.badImageCount(), runDir, out, err);
      }
    }
  }

  /** A TensorFlow error in a collective means a peer is gone: one line naming it, and how to restart. */
  private static RuntimeException lostCluster(ClusterSpec clusterSpec, RuntimeException error, String when) {
    Throwable tensorFlow = TensorFlowErrors.find(error);
    if (tensorFlow == null) {
      return error;
    }
    return new ClusterFailure("worker " + clusterSpec.task() + " lost the cluster " + when + ": "
        + PeerProbe.describeUnreachable(clusterSpec) + " (TensorFlow: " + TensorFlowErrors.essence(tensorFlow) + ");"
        + " restart every worker: the chief with --resume RUN, the others with their original command", error);
  }

  /** The run's last lines: skipped files, how to resume an interrupted run, or where the models are. */
  private static int finish(Trainer.Outcome outcome, int badImageCount, Path runDir, PrintWriter out, PrintWriter err) {
    if (badImageCount > 0) {
      err.println("warning: " + badImageCount + " file(s) could not be decoded and were skipped (listed in summary.json)");
    }
    if (outcome.interrupted()) {
      out.println("Checkpoint written. Resume with: java -jar target/tftrain.jar train --resume " + runDir);
      return 130;
    }
    if (outcome.stopReason() != null) {
      out.println("Stopped early: " + outcome.stopReason());
    }
    TrainingState state = outcome.state();
    out.printf(Locale.ROOT, "Done. Best val_acc %.4f at epoch %d: %s; last: %s%n",
        state.bestValAccuracy(), state.bestEpoch(), runDir.resolve(Trainer.BEST_FOLDER), runDir.resolve(Trainer.LAST_FOLDER));
    return 0;
  }


  /**
   * Why the run computes in its precision: the chooser's reason for a new run (or a resume that chose
   * anew), else the checkpoint's setting.
   */
  private String precisionNote(TrainingConfig config) {
    boolean chosenNow = resume == null || spec.commandLine().getParseResult().hasMatchedOption("--precision");
    return chosenNow
        ? compute.precisionChoice().describe()
        : config.precision().name().toLowerCase(Locale.ROOT) + " (the run's own setting)";
  }

  /** The long names of the options typed on the command line. */
  private Set<String> givenOptions() {
    return spec.commandLine().getParseResult().matchedOptions().stream()
        .map(option -> option.longestName())
        .collect(Collectors.toSet());
  }

  /** The config the command line describes; {@link TrainingConfig} checks it. */
  private TrainingConfig newConfig() {
    if (cache != null) {
      DecodedImageCache.requireUsable(cache);
    }
    return configBuilder()
        .seed(seed != null ? seed : new SecureRandom().nextInt(1_000_000))
        .compute(compute.settingsHoldingWarnings()) // warnings once the run starts, not before a refusal
        .build();
  }

  /** The options as a config builder, without the seed and the compute settings (which may run a check). */
  TrainingConfig.Builder configBuilder() {
    TrainingConfig.Builder config =
        TrainingConfig.builder()
            .epochs(epochs)
            .batchSize(batchSize)
            .momentum(momentum)
            .dropout(dropout)
            .recipe(recipe)
            .clipNorm(clipNorm)
            .warmupSteps(warmupSteps)
            .init(init)
            .augmentation(augmentation)
            .imageSize(imageSize)
            .resize(resize)
            .normalization(normalization)
            .maxBatches(maxBatches)
            .maxPixels(maxPixels)
            // Absolute: a resume from another folder must find the same cache.
            .cacheDir(cache == null ? null : cache.toAbsolutePath().normalize().toString())
            .earlyStop(earlyStopPatience, earlyStopMonitor)
            .stepDecay(learningRate, lrStepSize, lrGamma);
    if (lrBoundaries != null || lrValues != null) {
      config.schedule(new LearningRateSchedule(
          lrBoundaries == null ? new int[0] : lrBoundaries, lrValues == null ? new double[] {learningRate} : lrValues));
    }
    setDataPaths(config);
    return config;
  }

  /** Where the images are: --train-dir/--val-dir, or --data's train/ and val/, or one folder and --val-split. */
  private void setDataPaths(TrainingConfig.Builder config) {
    if (valDir != null && trainDir == null) {
      throw new BadInputException("--val-dir needs --train-dir");
    }
    if (valSplit != null && valDir != null) {
      throw new BadInputException("give either --val-dir or --val-split, not both");
    }
    if (trainDir != null && valDir == null && valSplit == null) {
      throw new BadInputException("--train-dir needs --val-dir or --val-split");
    }
    if (trainDir != null && valDir != null) {
      config.folders(trainDir.toString(), valDir.toString());
    } else if (valSplit != null) {
      config.split((trainDir != null ? trainDir : dataDir).toString(), valSplit);
    } else {
      config.folders(dataDir.resolve("train").toString(), dataDir.resolve("val").toString());
    }
  }

  private static TrainValData loadData(TrainingConfig config) {
    Path train = Path.of(config.trainDir());
    if (config.valDir() == null) {
      return TrainValData.carve(train, config.valSplit(), config.seed());
    }
    Path val = Path.of(config.valDir());
    Path parent = train.getParent();
    // From --data: report a missing or incomplete data folder as such, not as a missing train/ inside it.
    if (parent != null && parent.equals(val.getParent()) && train.endsWith("train") && val.endsWith("val")) {
      return TrainValData.fromDataDir(parent);
    }
    return TrainValData.fromFolders(train, val);
  }

  private static Path defaultRunDir() {
    return Path.of("checkpoints", "run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
  }
}
