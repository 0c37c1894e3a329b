package tftrain.data;

import java.util.List;

/** The samples of one batch and, per sample, whether augmentation flips it. */
public record PlannedBatch(List<ImageSample> samples, boolean[] flips) {}
