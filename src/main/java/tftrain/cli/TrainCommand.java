package tftrain.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tftrain.BadInputException;
import tftrain.data.Augmentation;
import tftrain.data.Normalization;
import tftrain.data.PreprocessingSpec;
import tftrain.data.TrainValData;
import tftrain.io.AtomicFiles;
import tftrain.io.FolderLock;
import tftrain.io.OutputFiles;
import tftrain.model.InitScheme;
import tftrain.model.ModelSpec;
import tftrain.report.ProgressReporter;
import tftrain.train.Checkpoint;
import tftrain.train.LearningRateSchedule;
import tftrain.train.Recipe;
import tftrain.train.ResumeSettings;
import tftrain.train.RunFolder;
import tftrain.train.RunRepair;
import tftrain.train.Trainer;
import tftrain.train.TrainingConfig;
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

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
      description = "Folder with train/ and val/ class folders (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--train-dir", paramLabel = "DIR", description = "Training class folders (instead of --data).")
  Path trainDir;

  @Option(names = "--val-dir", paramLabel = "DIR", description = "Validation class folders (with --train-dir).")
  Path valDir;

  @Option(names = "--val-split", paramLabel = "F",
      description = "Carve a seeded validation fraction out of --train-dir (or --data) instead, e.g. 0.3.")
  Double valSplit;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "25", description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = {"-b", "--batch-size"}, paramLabel = "N", defaultValue = "64",
      description = "Images per step (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--lr", paramLabel = "RATE", defaultValue = "0.01", description = "Initial learning rate (default: ${DEFAULT-VALUE}).")
  double learningRate;

  @Option(names = "--momentum", paramLabel = "M", defaultValue = "0.9", description = "SGD momentum (default: ${DEFAULT-VALUE}).")
  double momentum;

  @Option(names = "--lr-step-size", paramLabel = "EPOCHS", defaultValue = "10",
      description = "Multiply the rate by --lr-gamma every this many epochs (default: ${DEFAULT-VALUE}).")
  int lrStepSize;

  @Option(names = "--lr-gamma", paramLabel = "G", defaultValue = "0.1", description = "Step decay factor (default: ${DEFAULT-VALUE}).")
  double lrGamma;

  @Option(names = "--lr-boundaries", paramLabel = "E1,E2", split = ",",
      description = "Piecewise-constant schedule: the last epoch of each rate (with --lr-values), e.g. 10,20.")
  int[] lrBoundaries;

  @Option(names = "--lr-values", paramLabel = "R0,R1,R2", split = ",",
      description = "The rates of the pieces, one more than boundaries, e.g. 0.01,0.001,0.0001.")
  double[] lrValues;

  @Option(names = "--dropout", paramLabel = "P", defaultValue = "0.5", description = "Dropout before fc6 and fc7 (default: ${DEFAULT-VALUE}).")
  double dropout;

  @Option(names = "--clip-norm", paramLabel = "N",
      description = "Scale gradients down to this global L2 norm when above it; 0 turns clipping off (default: the recipe's: 5, seed 0).")
  Double clipNorm;

  @Option(names = "--recipe", paramLabel = "R", defaultValue = "default", converter = EnumConverters.RecipeConverter.class,
      description = "default (He init, 20 warm-up steps, horizontal flips, clipping at 5) or seed (the tutorial's exact recipe: PyTorch init, no warm-up, vertical flips, no clipping). Single flags override it (default: ${DEFAULT-VALUE}).")
  Recipe recipe;

  @Option(names = "--init", paramLabel = "I", converter = EnumConverters.InitSchemeConverter.class,
      description = "Initial weights: pytorch (U(±1/√fan_in), the seed's), xavier (Glorot uniform) or he (default: the recipe's).")
  InitScheme init;

  @Option(names = "--warmup-steps", paramLabel = "N",
      description = "Raise the learning rate linearly over the first N steps (default: the recipe's: 20, seed 0).")
  Integer warmupSteps;

  @Option(names = "--image-size", paramLabel = "S", defaultValue = "224",
      description = "Network input side, after the centre crop (default: ${DEFAULT-VALUE}; at least 63).")
  int imageSize;

  @Option(names = "--resize", paramLabel = "S",
      description = "Scale the shorter image side to this before cropping (default: 256 for 224, same ratio otherwise).")
  Integer resize;

  @Option(names = "--normalize", paramLabel = "N", defaultValue = "half", converter = EnumConverters.NormalizationConverter.class,
      description = "half (mean 0.5, std 0.5, the seed's) or imagenet (default: ${DEFAULT-VALUE}).")
  Normalization normalization;

  @Option(names = "--augment", paramLabel = "A", converter = EnumConverters.AugmentationConverter.class,
      description = "horizontal-flip, vertical-flip (the seed's) or none (default: the recipe's: horizontal-flip, seed vertical-flip).")
  Augmentation augmentation;

  @Option(names = "--seed", paramLabel = "N", description = "Seed for initial weights, shuffling, dropout and flips (default: random, printed).")
  Long seed;

  @Mixin ComputeOptions compute;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR",
      description = "Run folder (default: a new checkpoints/run-<date>-<time>).")
  Path output;

  @Option(names = "--resume", paramLabel = "RUN", description = "Continue the run in RUN from its last checkpoint.")
  Path resume;

  @Option(names = "--overwrite",
      description = "Start over in an -o folder that already holds a run or other files (replaces only what a run writes).")
  boolean overwrite;

  @Option(names = "--max-pixels", paramLabel = "N", defaultValue = "100000000",
      description = "Skip images whose header declares more pixels, like corrupt files (default: ${DEFAULT-VALUE}).")
  long maxPixels;

  @Option(names = "--no-progress", description = "No progress bar, only one line per epoch.")
  boolean noProgress;

  @Option(names = "--max-batches", paramLabel = "N", defaultValue = "0",
      description = "Train at most N batches per epoch (smoke tests; default: all).")
  int maxBatches;

  @Mixin VerboseOption verbose;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (resume != null) {
      return resumeRun(out, err);
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
      return train(config, data, runDir, null, out, err);
    }
  }

  private Integer resumeRun(PrintWriter out, PrintWriter err) throws Exception {
    OutputFiles.requireNonEmpty(resume, "--resume");
    if (output != null && !OutputFiles.isSameFile(output, resume)) {
      throw new BadInputException(
          "-o " + output + " does not go with --resume " + resume + ": a resumed run continues in its own folder");
    }
    if (overwrite) {
      throw new BadInputException("--overwrite does not go with --resume: resuming keeps the run's files");
    }
    if (!java.nio.file.Files.isDirectory(resume)) {
      throw new BadInputException("run folder not found: " + resume);
    }
    try (FolderLock lock = FolderLock.acquire(resume, "train --resume", err::println)) {
      TrainingState resumeState = Checkpoint.readState(resume);
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
      return train(config, data, resume, resumeState, out, err);
    }
  }

  private Integer train(TrainingConfig config, TrainValData data, Path runDir, TrainingState resumeState,
      PrintWriter out, PrintWriter err) throws Exception {
    LocaleHint.warnIfNeeded(data.classes(), err);
    StopSignal stop = StopSignal.install(err);
    try (ProgressReporter progress = ProgressReporter.create(out, !noProgress)) {
      TrainConsole console = new TrainConsole(out, err, progress);
      Trainer.Outcome outcome = new Trainer(config, data, runDir, console, stop, precisionNote(config)).run(resumeState);
      if (console.badImageCount() > 0) {
        err.println("warning: " + console.badImageCount() + " file(s) could not be decoded and were skipped (listed in summary.json)");
      }
      if (outcome.interrupted()) {
        out.println("Checkpoint written. Resume with: java -jar target/tftrain.jar train --resume " + runDir);
        return 130;
      }
      TrainingState state = outcome.state();
      out.printf(java.util.Locale.ROOT, "Done. Best val_acc %.4f at epoch %d: %s; last: %s%n",
          state.bestValAccuracy(), state.bestEpoch(), runDir.resolve(Trainer.BEST_FOLDER), runDir.resolve(Trainer.LAST_FOLDER));
      return 0;
    }
  }

  /**
   * Why the run computes in its precision: the chooser's reason for a new run (or a resume that chose
   * anew), else the checkpoint's setting.
   */
  private String precisionNote(TrainingConfig config) {
    boolean chosenNow = resume == null || spec.commandLine().getParseResult().hasMatchedOption("--precision");
    return chosenNow
        ? compute.precisionChoice().describe()
        : config.precision().name().toLowerCase(java.util.Locale.ROOT) + " (the run's own setting)";
  }

  /** The long names of the options typed on the command line. */
  private Set<String> givenOptions() {
    return spec.commandLine().getParseResult().matchedOptions().stream()
        .map(option -> option.longestName())
        .collect(java.util.stream.Collectors.toSet());
  }

  private TrainingConfig newConfig() {
    if (epochs < 1) {
      throw new BadInputException("--epochs must be at least 1, got " + epochs);
    }
    if (batchSize < 1) {
      throw new BadInputException("--batch-size must be at least 1, got " + batchSize);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new BadInputException("--dropout must be in [0, 1), got " + dropout);
    }
    double chosenClipNorm = clipNorm != null ? clipNorm : recipe.clipNorm();
    if (!(chosenClipNorm >= 0) || Double.isInfinite(chosenClipNorm)) {
      throw new BadInputException("--clip-norm must be 0 (off) or positive, got " + chosenClipNorm);
    }
    int chosenWarmup = warmupSteps != null ? warmupSteps : recipe.warmupSteps();
    if (chosenWarmup < 0) {
      throw new BadInputException("--warmup-steps must be 0 (none) or positive, got " + chosenWarmup);
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw new BadInputException("--momentum must be in [0, 1), got " + momentum);
    }
    new ModelSpec(2, imageSize, 0); // rejects a too-small --image-size before any work starts
    PreprocessingSpec preprocessing =
        resize != null
            ? new PreprocessingSpec(resize, imageSize, normalization)
            : PreprocessingSpec.forImageSize(imageSize, normalization);
    LearningRateSchedule schedule;
    if (lrBoundaries != null || lrValues != null) {
      schedule = new LearningRateSchedule(
          lrBoundaries == null ? new int[0] : lrBoundaries, lrValues == null ? new double[] {learningRate} : lrValues);
    } else {
      schedule = LearningRateSchedule.stepDecay(learningRate, lrStepSize, lrGamma, epochs);
    }
    DataPaths paths = dataPaths();
    long runSeed = seed != null ? seed : new java.security.SecureRandom().nextInt(1_000_000);
    if (maxPixels < 1) {
      throw new BadInputException("--max-pixels must be at least 1, got " + maxPixels);
    }
    return new TrainingConfig(paths.train(), paths.val(), paths.valSplit(), epochs, batchSize, schedule, momentum,
        dropout, chosenClipNorm, imageSize, preprocessing.resize(), normalization,
        augmentation != null ? augmentation : recipe.augmentation(), runSeed,
        compute.settings().threads(), compute.resolvedPrecision(), maxBatches,
        init != null ? init : recipe.init(), chosenWarmup, maxPixels);
  }

  /** Where the images are: --train-dir/--val-dir, or --data's train/ and val/, or one folder and --val-split. */
  private record DataPaths(String train, String val, double valSplit) {}

  private DataPaths dataPaths() {
    if (valDir != null && trainDir == null) {
      throw new BadInputException("--val-dir needs --train-dir");
    }
    if (valSplit != null && valDir != null) {
      throw new BadInputException("give either --val-dir or --val-split, not both");
    }
    if (trainDir != null && valDir == null && valSplit == null) {
      throw new BadInputException("--train-dir needs --val-dir or --val-split");
    }
    if (trainDir != null) {
      return new DataPaths(trainDir.toString(), valDir == null ? null : valDir.toString(), valSplit == null ? 0 : valSplit);
    }
    if (valSplit != null) {
      return new DataPaths(dataDir.toString(), null, valSplit);
    }
    return new DataPaths(dataDir.resolve("train").toString(), dataDir.resolve("val").toString(), 0);
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
