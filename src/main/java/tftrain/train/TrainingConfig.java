package tftrain.train;

import tftrain.data.Augmentation;
import tftrain.data.Normalization;
import tftrain.data.PreprocessingSpec;
import tftrain.model.InitScheme;
import tftrain.model.ModelSpec;
import tftrain.runtime.ComputeSettings;
import tftrain.runtime.Precision;

/**
 * Every choice that shapes a run. Saved in the checkpoint so {@code --resume} continues with exactly the
 * same settings, and in {@code summary.json} for the record.
 *
 * @param trainDir folder of training class folders
 * @param valDir folder of validation class folders, or null when {@code valSplit} carves it from trainDir
 * @param clipNorm gradients are scaled down to this global L2 norm when above it (0 = no clipping)
 * @param maxBatches training batches per epoch at most (0 = all): for smoke tests
 * @param init how the weights start; null (a checkpoint from before the option existed) means the seed's
 * @param warmupSteps the learning rate rises linearly over this many first steps of the run (0 = none)
 * @param maxPixels images with more pixels are skipped like corrupt files (0 = the default limit)
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
    long maxPixels) {

  public TrainingConfig {
    if (init == null) {
      init = InitScheme.PYTORCH;
    }
  }

  /** A config with the seed's init, no warm-up and the default pixel limit. */
  public TrainingConfig(String trainDir, String valDir, double valSplit, int epochs, int batchSize,
      LearningRateSchedule schedule, double momentum, double dropout, double clipNorm, int imageSize, int resize,
      Normalization normalization, Augmentation augmentation, long seed, int threads, Precision precision,
      int maxBatches) {
    this(trainDir, valDir, valSplit, epochs, batchSize, schedule, momentum, dropout, clipNorm, imageSize, resize,
        normalization, augmentation, seed, threads, precision, maxBatches, InitScheme.PYTORCH, 0,
        PreprocessingSpec.DEFAULT_MAX_PIXELS);
  }

  /** The default of {@code --clip-norm}. */
  public static final double DEFAULT_CLIP_NORM = 5.0;

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

  /** The same run reading its images from other folders (a resume after the data moved). */
  public TrainingConfig withData(String newTrainDir, String newValDir, double newValSplit) {
    return new TrainingConfig(newTrainDir, newValDir, newValSplit, epochs, batchSize, schedule, momentum, dropout,
        clipNorm, imageSize, resize, normalization, augmentation, seed, threads, precision, maxBatches, init, warmupSteps,
        maxPixels);
  }

  /** The same run on other threads or in another precision (a resume on another machine). */
  public TrainingConfig withCompute(ComputeSettings compute) {
    return new TrainingConfig(trainDir, valDir, valSplit, epochs, batchSize, schedule, momentum, dropout,
        clipNorm, imageSize, resize, normalization, augmentation, seed, compute.threads(), compute.precision(), maxBatches,
        init, warmupSteps, maxPixels);
  }

  /** The same run with another epoch count (a resume that extends the run). */
  public TrainingConfig withEpochs(int newEpochs) {
    return new TrainingConfig(trainDir, valDir, valSplit, newEpochs, batchSize, schedule, momentum, dropout,
        clipNorm, imageSize, resize, normalization, augmentation, seed, threads, precision, maxBatches, init, warmupSteps,
        maxPixels);
  }
}
