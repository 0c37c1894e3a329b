package tftrain.train;

import tftrain.data.Augmentation;
import tftrain.data.Normalization;
import tftrain.data.PreprocessingSpec;
import tftrain.model.ModelSpec;

/**
 * Every choice that shapes a run. Saved in the checkpoint so {@code --resume} continues with exactly the
 * same settings, and in {@code summary.json} for the record.
 *
 * @param trainDir folder of training class folders
 * @param valDir folder of validation class folders, or null when {@code valSplit} carves it from trainDir
 * @param maxBatches training batches per epoch at most (0 = all): for smoke tests
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
    int imageSize,
    int resize,
    Normalization normalization,
    Augmentation augmentation,
    long seed,
    int threads,
    Precision precision,
    int maxBatches) {

  public PreprocessingSpec preprocessing() {
    return new PreprocessingSpec(resize, imageSize, normalization);
  }

  public ModelSpec modelSpec(int numClasses) {
    return new ModelSpec(numClasses, imageSize, seed);
  }

  public ComputeSettings compute() {
    return new ComputeSettings(threads, precision);
  }

  /** The same run with another epoch count (a resume that extends the run). */
  public TrainingConfig withEpochs(int newEpochs) {
    return new TrainingConfig(trainDir, valDir, valSplit, newEpochs, batchSize, schedule, momentum, dropout,
        imageSize, resize, normalization, augmentation, seed, threads, precision, maxBatches);
  }
}
