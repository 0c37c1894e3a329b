package tftrain.train;

import tftrain.BadInputException;
import tftrain.data.Augmentation;
import tftrain.data.Normalization;
import tftrain.data.PreprocessingSpec;
import tftrain.model.InitScheme;
import tftrain.model.ModelSpec;
import tftrain.runtime.ComputeSettings;
import tftrain.runtime.Precision;

/**
 * Every choice that shapes a run, and the rules they obey. Saved in the checkpoint so {@code --resume}
 * continues with exactly the same settings, and in {@code summary.json} for the record.
 *
 * <p>The canonical constructor checks every invariant, so a config is valid however it was made: from the
 * command line, read back from a checkpoint, by bench or by a test. Build one with {@link #builder()}, which
 * starts from {@link Defaults} (the recipe-dependent ones come from {@link Recipe}); which fields a resume
 * may change is {@link ResumeSettings#TABLE}, beside this record.
 *
 * @param trainDir folder of training class folders
 * @param valDir folder of validation class folders, or null when {@code valSplit} carves it from trainDir
 * @param valSplit the share of each class carved out for validation (0 when {@code valDir} is given)
 * @param clipNorm gradients are scaled down to this global L2 norm when above it (0 = no clipping)
 * @param maxBatches training batches per epoch at most (0 = all): for smoke tests
 * @param init how the weights start
 * @param warmupSteps the learning rate rises linearly over this many first steps of the run (0 = none)
 * @param maxPixels images with more pixels are skipped like corrupt files
 * @param earlyStopPatience stop after this many epochs without improvement of {@code earlyStopMonitor} (0 = never)
 * @param earlyStopMonitor what early stopping watches
 * @param cacheDir where decoded images are kept between epochs ({@code --cache}); null: decode every epoch
 * @param mistakes how many wrong validation images {@code mistakes.png} shows (0 = no file)
 */
public record TrainingConfig(
    String trainDir,
    String valDir,
    double valSplit,
    int epochs,
    int batchSize,
    LearningRateSchedule schedule,
    double momentum,
    double dropout,
    double clipNorm,
    int imageSize,
    int resize,
    Normalization normalization,
    Augmentation augmentation,
    long seed,
    int threads,
    Precision precision,
    int maxBatches,
    InitScheme init,
    int warmupSteps,
    long maxPixels,
    int earlyStopPatience,
    EarlyStopMonitor earlyStopMonitor,
    String cacheDir,
    Integer mistakes) {

  /** The defaults of the options that do not depend on the {@link Recipe}; the CLI, bench and tests read them. */
  public static final class Defaults {
    public static final String DATA = "data";
    public static final int EPOCHS = 25;
    public static final int BATCH_SIZE = 64;
    public static final double LEARNING_RATE = 0.01;
    public static final int LR_STEP_SIZE = 10;
    public static final double LR_GAMMA = 0.1;
    public static final double MOMENTUM = 0.9;
    public static final double DROPOUT = 0.5;
    public static final int IMAGE_SIZE = 224;
    public static final Normalization NORMALIZATION = Normalization.HALF;
    public static final long MAX_PIXELS = PreprocessingSpec.DEFAULT_MAX_PIXELS;
    public static final int MAX_BATCHES = 0;
    public static final int EARLY_STOP_PATIENCE = 0;
    public static final EarlyStopMonitor EARLY_STOP_MONITOR = EarlyStopMonitor.VAL_ACC;
    public static final Recipe RECIPE = Recipe.DEFAULT;
    public static final int MISTAKES = 64;

    private Defaults() {}
  }

  public TrainingConfig {
    if (trainDir == null || trainDir.isEmpty()) {
      throw new BadInputException("a training folder is required");
    }
    if (valDir == null && !(valSplit > 0 && valSplit < 1)) {
      throw new BadInputException("--val-split must be between 0 and 1 (exclusive), got " + valSplit);
    }
    if (valDir != null && valSplit != 0) {
      throw new BadInputException("give either --val-dir or --val-split, not both");
    }
    requireAtLeast("--epochs", epochs, 1);
    requireAtLeast("--batch-size", batchSize, 1);
    if (schedule == null) {
      throw new BadInputException("a learning-rate schedule is required");
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw new BadInputException("--momentum must be in [0, 1), got " + momentum);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new BadInputException("--dropout must be in [0, 1), got " + dropout);
    }
    if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
      throw new BadInputException("--clip-norm must be 0 (off) or positive, got " + clipNorm);
    }
    ModelSpec.requireImageSize(imageSize);
    if (normalization == null || augmentation == null || precision == null || init == null
        || earlyStopMonitor == null || mistakes == null) {
      throw new BadInputException(
          "normalization, augmentation, precision, init, early-stop monitor and mistakes are required");
    }
    new ComputeSettings(threads, precision); // checks --threads
    requireAtLeast("--max-batches", maxBatches, 0);
    if (warmupSteps < 0) {
      throw new BadInputException("--warmup-steps must be 0 (none) or positive, got " + warmupSteps);
    }
    if (maxPixels < 1) {
      throw new BadInputException("--max-pixels must be at least 1, got " + maxPixels);
    }
    new PreprocessingSpec(resize, imageSize, normalization, maxPixels); // checks --resize against --image-size
    requireAtLeast("--early-stop-patience", earlyStopPatience, 0);
    requireAtLeast("--mistakes", mistakes, 0);
  }

  private static void requireAtLeast(String option, long value, long minimum) {
    if (value < minimum) {
      throw new BadInputException(option + " must be at least " + minimum + ", got " + value);
    }
  }

  /** A builder holding the defaults: {@link Defaults}, and the {@link Recipe#DEFAULT} recipe's choices. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's values, to change some of them. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.trainDir = trainDir;
    builder.valDir = valDir;
    builder.valSplit = valSplit;
    builder.epochs = epochs;
    builder.batchSize = batchSize;
    builder.schedule = schedule;
    builder.momentum = momentum;
    builder.dropout = dropout;
    builder.clipNorm = clipNorm;
    builder.imageSize = imageSize;
    builder.resize = resize;
    builder.normalization = normalization;
    builder.augmentation = augmentation;
    builder.seed = seed;
    builder.threads = threads;
    builder.precision = precision;
    builder.maxBatches = maxBatches;
    builder.init = init;
    builder.warmupSteps = warmupSteps;
    builder.maxPixels = maxPixels;
    builder.earlyStopPatience = earlyStopPatience;
    builder.earlyStopMonitor = earlyStopMonitor;
    builder.cacheDir = cacheDir;
    builder.mistakes = mistakes;
    return builder;
  }

  public PreprocessingSpec preprocessing() {
    return new PreprocessingSpec(resize, imageSize, normalization, maxPixels);
  }

  public ModelSpec modelSpec(int numClasses) {
    return new ModelSpec(numClasses, imageSize, seed, init);
  }

  public ComputeSettings compute() {
    return new ComputeSettings(threads, precision);
  }

  /** The learning rate of a step: the epoch's scheduled rate, scaled down during the warm-up. */
  public double rateAt(int epoch, long globalStep) {
    double scheduled = schedule.rateAt(epoch);
    return globalStep < warmupSteps ? scheduled * (globalStep + 1) / warmupSteps : scheduled;
  }

  /**
   * Builds a {@link TrainingConfig}. Unset choices take their defaults: the recipe's for clipping,
   * augmentation, init and warm-up, the seed's step decay ({@link Defaults#LR_STEP_SIZE},
   * {@link Defaults#LR_GAMMA}) over the epochs for the schedule, and 256/224 of the image size for resize.
   */
  public static final class Builder {
    private String trainDir = Defaults.DATA + "/train";
    private String valDir = Defaults.DATA + "/val";
    private double valSplit;
    private int epochs = Defaults.EPOCHS;
    private int batchSize = Defaults.BATCH_SIZE;
    private double learningRate = Defaults.LEARNING_RATE;
    private int lrStepSize = Defaults.LR_STEP_SIZE;
    private double lrGamma = Defaults.LR_GAMMA;
    private LearningRateSchedule schedule;
    private double momentum = Defaults.MOMENTUM;
    private double dropout = Defaults.DROPOUT;
    private Recipe recipe = Defaults.RECIPE;
    private Double clipNorm;
    private int imageSize = Defaults.IMAGE_SIZE;
    private Integer resize;
    private Normalization normalization = Defaults.NORMALIZATION;
    private Augmentation augmentation;
    private long seed;
    private int threads = Runtime.getRuntime().availableProcessors();
    private Precision precision = Precision.FP32;
    private int maxBatches = Defaults.MAX_BATCHES;
    private InitScheme init;
    private Integer warmupSteps;
    private long maxPixels = Defaults.MAX_PIXELS;
    private int earlyStopPatience = Defaults.EARLY_STOP_PATIENCE;
    private EarlyStopMonitor earlyStopMonitor = Defaults.EARLY_STOP_MONITOR;
    private String cacheDir;
    private int mistakes = Defaults.MISTAKES;

    private Builder() {}

    /** Separate training and validation folders. */
    public Builder folders(String train, String val) {
      this.trainDir = train;
      this.valDir = val;
      this.valSplit = 0;
      return this;
    }

    /** One class-folder tree, of which {@code split} of each class is carved out for validation. */
    public Builder split(String folder, double split) {
      this.trainDir = folder;
      this.valDir = null;
      this.valSplit = split;
      return this;
    }

    public Builder epochs(int value) {
      this.epochs = value;
      return this;
    }

    public Builder batchSize(int value) {
      this.batchSize = value;
      return this;
    }

    /** The seed's step decay: {@code initial}, × {@code gamma} every {@code stepSize} epochs. */
    public Builder stepDecay(double initial, int stepSize, double gamma) {
      this.learningRate = initial;
      this.lrStepSize = stepSize;
      this.lrGamma = gamma;
      this.schedule = null;
      return this;
    }

    /** Any schedule, instead of the step decay. */
    public Builder schedule(LearningRateSchedule value) {
      this.schedule = value;
      return this;
    }

    public Builder momentum(double value) {
      this.momentum = value;
      return this;
    }

    public Builder dropout(double value) {
      this.dropout = value;
      return this;
    }

    /** The recipe whose clipping, augmentation, init and warm-up apply where those are not set. */
    public Builder recipe(Recipe value) {
      this.recipe = value;
      return this;
    }

    /** null: the recipe's. */
    public Builder clipNorm(Double value) {
      this.clipNorm = value;
      return this;
    }

    public Builder imageSize(int value) {
      this.imageSize = value;
      return this;
    }

    /** null: 256/224 of the image size. */
    public Builder resize(Integer value) {
      this.resize = value;
      return this;
    }

    public Builder normalization(Normalization value) {
      this.normalization = value;
      return this;
    }

    /** null: the recipe's. */
    public Builder augmentation(Augmentation value) {
      this.augmentation = value;
      return this;
    }

    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    public Builder compute(ComputeSettings value) {
      this.threads = value.threads();
      this.precision = value.precision();
      return this;
    }

    public Builder maxBatches(int value) {
      this.maxBatches = value;
      return this;
    }

    /** null: the recipe's. */
    public Builder init(InitScheme value) {
      this.init = value;
      return this;
    }

    /** null: the recipe's. */
    public Builder warmupSteps(Integer value) {
      this.warmupSteps = value;
      return this;
    }

    /** At least 1. */
    public Builder maxPixels(long value) {
      if (value < 1) {
        throw new BadInputException("--max-pixels must be at least 1, got " + value);
      }
      this.maxPixels = value;
      return this;
    }

    public Builder earlyStop(int patience, EarlyStopMonitor monitor) {
      this.earlyStopPatience = patience;
      this.earlyStopMonitor = monitor;
      return this;
    }

    /** null: no cache. */
    public Builder cacheDir(String value) {
      this.cacheDir = value;
      return this;
    }

    /** 0: no {@code mistakes.png}. */
    public Builder mistakes(int value) {
      this.mistakes = value;
      return this;
    }

    public TrainingConfig build() {
      requireAtLeast("--epochs", epochs, 1);
      LearningRateSchedule chosenSchedule =
          schedule != null ? schedule : LearningRateSchedule.stepDecay(learningRate, lrStepSize, lrGamma, epochs);
      ModelSpec.requireImageSize(imageSize);
      int chosenResize = resize != null ? resize : PreprocessingSpec.forImageSize(imageSize, normalization).resize();
      return new TrainingConfig(trainDir, valDir, valSplit, epochs, batchSize, chosenSchedule, momentum, dropout,
          clipNorm != null ? clipNorm : recipe.clipNorm(), imageSize, chosenResize, normalization,
          augmentation != null ? augmentation : recipe.augmentation(), seed, threads, precision, maxBatches,
          init != null ? init : recipe.init(), warmupSteps != null ? warmupSteps : recipe.warmupSteps(), maxPixels,
          earlyStopPatience, earlyStopMonitor, cacheDir, mistakes);
    }
  }
}
