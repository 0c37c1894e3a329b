package tftrain.train;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import tftrain.BadInputException;
import tftrain.InvalidSettingException;
import tftrain.data.Augmentation;
import tftrain.data.Normalization;
import tftrain.data.PreprocessingSpec;
import tftrain.data.TrainingCrop;
import tftrain.model.InitScheme;
import tftrain.model.ModelSpec;
import tftrain.runtime.ComputeSettings;
import tftrain.runtime.Precision;

/**
 * Every choice that shapes a run, in groups that each check their own values: {@link DataSettings},
 * {@link LoopSettings}, {@link OptimizerSettings}, {@link ModelSettings}, {@link ComputeSettings} and
 * {@link OutputSettings}. Saved in the checkpoint so {@code --resume} continues with exactly the same
 * settings, and in {@code summary.json} for the record; both files keep one flat object of all the groups'
 * fields ({@link JsonUnwrapped}), so the grouping changes no file.
 *
 * <p>A config is valid however it was made: from the command line, read back from a checkpoint, by bench or
 * by a test. A refused value is an {@link InvalidSettingException} naming the setting as {@code state.json}
 * does; the CLI names the option instead. Build one with {@link #builder()}, which starts from
 * {@link Defaults} (the recipe-dependent ones come from {@link Recipe}); which fields a resume may change is
 * {@link ResumeSettings#TABLE}, beside this record.
 */
public record TrainingConfig(
    @JsonUnwrapped DataSettings data,
    @JsonUnwrapped LoopSettings loop,
    @JsonUnwrapped OptimizerSettings optimizer,
    @JsonUnwrapped ModelSettings model,
    @JsonUnwrapped ComputeSettings compute,
    @JsonUnwrapped OutputSettings output) {

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
    public static final int LR_PATIENCE = 2;
    /** fp32 until a measurement shows a narrower type pays (docs/multi-worker.md). */
    public static final ReduceDtype REDUCE_DTYPE = ReduceDtype.FP32;

    private Defaults() {}
  }

  public TrainingConfig {
    if (data == null || loop == null || optimizer == null || model == null || compute == null || output == null) {
      throw new BadInputException("every group of a training config is required");
    }
  }

  /** A builder holding the defaults: {@link Defaults}, and the {@link Recipe#DEFAULT} recipe's choices. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's values, to change some of them. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.trainDir = data.trainDir();
    builder.valDir = data.valDir();
    builder.valSplit = data.valSplit();
    builder.maxPixels = data.maxPixels();
    builder.cacheDir = data.cacheDir();
    builder.epochs = loop.epochs();
    builder.batchSize = loop.batchSize();
    builder.maxBatches = loop.maxBatches();
    builder.earlyStopPatience = loop.earlyStopPatience();
    builder.earlyStopMonitor = loop.earlyStopMonitor();
    builder.schedule = optimizer.schedule();
    builder.lrSchedule = optimizer.lrSchedule();
    builder.lrPatience = optimizer.lrPatience();
    builder.momentum = optimizer.momentum();
    builder.warmupSteps = optimizer.warmupSteps();
    builder.clipNorm = optimizer.clipNorm();
    builder.weightDecay = optimizer.weightDecay();
    builder.weightDecayBiases = optimizer.weightDecayBiases();
    builder.labelSmoothing = optimizer.labelSmoothing();
    builder.emaDecay = optimizer.emaDecay();
    builder.reduceDtype = optimizer.reduceDtype();
    builder.imageSize = model.imageSize();
    builder.resize = model.resize();
    builder.normalization = model.normalization();
    builder.augmentation = model.augmentation();
    builder.crop = model.crop();
    builder.colorJitter = model.colorJitter();
    builder.init = model.init();
    builder.dropout = model.dropout();
    builder.seed = model.seed();
    builder.threads = compute.threads();
    builder.precision = compute.precision();
    builder.mistakes = output.mistakes();
    return builder;
  }

  /** How an image file becomes network input: the model's side and normalization, the data's pixel limit. */
  public PreprocessingSpec preprocessing() {
    return new PreprocessingSpec(model.resize(), model.imageSize(), model.normalization(), data.maxPixels());
  }

  /**
   * How a training image file becomes what a training step is fed: {@link #preprocessing()}, or with random
   * crops the whole resized square they are cut from.
   */
  public PreprocessingSpec trainingPreprocessing() {
    return new PreprocessingSpec(model.resize(), model.trainingInputSide(), model.normalization(), data.maxPixels());
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
    private TrainingCrop crop;
    private double colorJitter;
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
    private RateSchedule lrSchedule;
    private int lrPatience = Defaults.LR_PATIENCE;
    private Double weightDecay;
    private boolean weightDecayBiases;
    private Double labelSmoothing;
    private Double emaDecay;
    private ReduceDtype reduceDtype = Defaults.REDUCE_DTYPE;

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

    /**
     * The recipe whose clipping, flips, crop, init, warm-up, rate schedule, weight decay, weight averaging
     * and label smoothing apply where those are not set.
     */
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
    /** null: the recipe's. */
    public Builder crop(TrainingCrop value) {
      this.crop = value;
      return this;
    }

    /** 0: no colour changes. */
    public Builder colorJitter(double value) {
      this.colorJitter = value;
      return this;
    }

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
      InvalidSettingException.requireAtLeast("maxPixels", value, 1);
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

    /**
     * How the rate moves: without explicit boundaries {@code step} decays relative to the epochs, and
     * {@code cosine} and {@code plateau} start from the initial rate.
     */
    public Builder lrSchedule(RateSchedule value) {
      this.lrSchedule = value;
      return this;
    }

    /** Epochs without improvement before the plateau schedule divides the rate. */
    public Builder lrPatience(int value) {
      this.lrPatience = value;
      return this;
    }

    /** L2 weight decay {@code value} (0 = off), on the biases too when {@code biases}. */
    public Builder weightDecay(Double value, boolean biases) {
      this.weightDecay = value;
      this.weightDecayBiases = biases;
      return this;
    }

    /** 0: plain one-hot targets; null: the recipe's. */
    public Builder labelSmoothing(Double value) {
      this.labelSmoothing = value;
      return this;
    }

    /** 0: validation and the kept models use the trained weights themselves; null: the recipe's. */
    public Builder emaDecay(Double value) {
      this.emaDecay = value;
      return this;
    }

    /** The type the gradients travel in between workers (a single process ignores it). */
    public Builder reduceDtype(ReduceDtype value) {
      this.reduceDtype = value;
      return this;
    }

    public TrainingConfig build() {
      InvalidSettingException.requireAtLeast("epochs", epochs, 1);
      Recipe.Choices named = recipe.choices();
      RateSchedule chosenKind = lrSchedule != null ? lrSchedule : named.lrSchedule();
      LearningRateSchedule chosenSchedule = schedule != null ? schedule : switch (chosenKind) {
        case PIECEWISE -> LearningRateSchedule.stepDecay(learningRate, lrStepSize, lrGamma, epochs);
        case STEP -> LearningRateSchedule.relativeSteps(learningRate, lrGamma, epochs);
        case COSINE, PLATEAU -> new LearningRateSchedule(new int[0], new double[] {learningRate});
      };
      ModelSpec.requireImageSize(imageSize);
      int chosenResize = resize != null ? resize : PreprocessingSpec.forImageSize(imageSize, normalization).resize();
      return new TrainingConfig(
          new DataSettings(trainDir, valDir, valSplit, maxPixels, cacheDir),
          new LoopSettings(epochs, batchSize, maxBatches, earlyStopPatience, earlyStopMonitor),
          new OptimizerSettings(chosenSchedule, chosenKind, lrPatience, momentum,
              warmupSteps != null ? warmupSteps : named.warmupSteps(), clipNorm != null ? clipNorm : named.clipNorm(),
              weightDecay != null ? weightDecay : named.weightDecay(), weightDecayBiases,
              labelSmoothing != null ? labelSmoothing : named.labelSmoothing(),
              emaDecay != null ? emaDecay : named.emaDecay(), reduceDtype),
          new ModelSettings(imageSize, chosenResize, normalization,
              augmentation != null ? augmentation : named.augmentation(), crop != null ? crop : named.crop(),
              colorJitter, init != null ? init : named.init(), dropout, seed),
          new ComputeSettings(threads, precision),
          new OutputSettings(mistakes));
    }
  }
}
