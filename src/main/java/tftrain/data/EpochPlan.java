package tftrain.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import tftrain.BadInputException;

/**
 * The order of one epoch's batches. A training epoch is a seeded shuffle with seeded flip decisions,
 * both functions of (seed, epoch) alone, so epoch k of a resumed run sees exactly what it would have.
 */
public final class EpochPlan {

  private EpochPlan() {}

  /** Shuffled batches of {@code batchSize} (the last may be smaller), each image flipped with p = 1/2. */
  public static List<PlannedBatch> training(
      List<ImageSample> samples, int batchSize, long seed, int epoch, Augmentation augmentation) {
    Random random = new Random(mix(seed, epoch));
    List<ImageSample> order = new ArrayList<>(samples);
    Collections.shuffle(order, random);
    List<PlannedBatch> batches = new ArrayList<>();
    // Flips are drawn batch by batch after the shuffle, from the same generator.
    for (List<ImageSample> batch : slices(order, batchSize)) {
      boolean[] flips = new boolean[batch.size()];
      for (int i = 0; i < flips.length; i++) {
        flips[i] = augmentation != Augmentation.NONE && random.nextBoolean();
      }
      batches.add(new PlannedBatch(batch, flips));
    }
    return batches;
  }

  /** Batches in file order without augmentation: evaluation and prediction. */
  public static List<PlannedBatch> inOrder(List<ImageSample> samples, int batchSize) {
    return slices(samples, batchSize).stream()
        .map(batch -> new PlannedBatch(batch, new boolean[batch.size()]))
        .toList();
  }

  /** Consecutive slices of {@code batchSize} samples; the last may be smaller. */
  private static List<List<ImageSample>> slices(List<ImageSample> samples, int batchSize) {
    if (batchSize < 1) {
      throw new BadInputException("batch size must be at least 1, got " + batchSize);
    }
    List<List<ImageSample>> slices = new ArrayList<>();
    for (int start = 0; start < samples.size(); start += batchSize) {
      slices.add(List.copyOf(samples.subList(start, Math.min(samples.size(), start + batchSize))));
    }
    return slices;
  }

  /**
   * One worker's part of a multi-worker epoch: only the plan's full batches (the uneven remainder is
   * dropped, so every worker runs the same number of steps), each cut into {@code workers} equal slices,
   * of which this worker takes slice {@code index}. Flips stay with their images, so the workers together
   * see exactly what one process with the whole batch would.
   */
  public static List<PlannedBatch> shard(List<PlannedBatch> plan, int globalBatch, int workers, int index) {
    if (globalBatch % workers != 0) {
      throw new BadInputException(
          "--batch-size " + globalBatch + " does not split evenly over " + workers + " workers");
    }
    int slice = globalBatch / workers;
    List<PlannedBatch> mine = new ArrayList<>();
    for (PlannedBatch batch : plan) {
      if (batch.samples().size() < globalBatch) {
        continue;
      }
      int from = index * slice;
      mine.add(new PlannedBatch(List.copyOf(batch.samples().subList(from, from + slice)),
          java.util.Arrays.copyOfRange(batch.flips(), from, from + slice)));
    }
    return mine;
  }

  /** The dropout seed of a training step: distinct per (run seed, epoch, step). */
  public static long[] stepSeed(long seed, int epoch, int step) {
    return new long[] {mix(seed, epoch), step};
  }

  /**
   * The dropout seed of a training step on worker {@code replica} of a multi-worker run: the worker index
   * is mixed in so workers draw different masks; replica 0 has the single-process seed.
   */
  public static long[] stepSeed(long seed, int epoch, int step, int replica) {
    long[] single = stepSeed(seed, epoch, step);
    single[0] += replica * 0x9E3779B97F4A7C15L;
    return single;
  }

  private static long mix(long seed, int epoch) {
    return SplitMix64.mix(seed * 0x9E3779B97F4A7C15L + epoch);
  }
}
