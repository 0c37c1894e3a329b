package tftrain.report;

/**
 * What one epoch measured. Loss is the mean over images, accuracy the fraction of images classified
 * right; {@code imagesPerSecond} counts training images over the training part of the epoch.
 */
public record EpochMetrics(
    int epoch,
    double learningRate,
    double trainLoss,
    double trainAccuracy,
    double valLoss,
    double valAccuracy,
    double seconds,
    double imagesPerSecond) {}
