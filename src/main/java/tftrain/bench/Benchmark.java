package tftrain.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntConsumer;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import tftrain.BadInputException;
import tftrain.data.Augmentation;
import tftrain.data.BatchDecoder;
import tftrain.data.DecodedBatch;
import tftrain.data.ImageSample;
import tftrain.data.PlannedBatch;
import tftrain.data.PreprocessingSpec;
import tftrain.model.ModelSpec;
import tftrain.runtime.ComputeSettings;
import tftrain.runtime.EffectiveCpu;
import tftrain.runtime.KernelLibraryProbe;
import tftrain.runtime.ProcessMemory;
import tftrain.runtime.TensorFlowRuntime;
import tftrain.serving.InferenceGraph;
import tftrain.serving.ModelMetadata;
import tftrain.train.GradientClipping;
import tftrain.train.MomentumSgd;
import tftrain.train.Recipe;
import tftrain.train.Replica;
import tftrain.train.StepControl;
import tftrain.train.TrainingConfig.Defaults;
import tftrain.train.TrainingGraph;

/**
 * Measures the three speeds that decide a run's length, each alone: a training step and an inference
 * batch on random images (compute only), and the image pipeline on real files (decode, resize, crop,
 * normalize). Medians after warm-up, so one slow repetition does not move the figure.
 */
public final class Benchmark {

  /** The classes of the benchmarked network (the sample data's two; fc8 is a tiny share of the work). */
  public static final int CLASSES = 2;

  private final int batchSize;
  private final int imageSize;
  private final int warmup;
  private final int steps;
  private final ComputeSettings compute;

  public Benchmark(int batchSize, int imageSize, int warmup, int steps, ComputeSettings compute) {
    if (batchSize < 1 || steps < 1 || warmup < 0) {
      throw new BadInputException("--batch-size and --steps must be at least 1, --warmup at least 0");
    }
    new ModelSpec(CLASSES, imageSize, 0);
    this.batchSize = batchSize;
    this.imageSize = imageSize;
    this.warmup = warmup;
    this.steps = steps;
    this.compute = compute;
  }

  /** Runs all three measurements; {@code files} are the real images for the pipeline part. */
  public BenchResult run(List<Path> files) {
    double trainMs;
    double inferenceMs;
    ModelSpec spec = new ModelSpec(CLASSES, imageSize, 1);
    try (TFloat32 images = randomImages(); TInt32 labels = randomLabels()) {
      try (TrainingGraph training = newTrainingGraph(spec)) {
        trainMs = medianMillis(step -> training.train(images, labels, StepControl.of(step, 0.01, 1)));
      }
      ModelMetadata metadata =
          new ModelMetadata(List.of("a", "b"), imageSize,
              PreprocessingSpec.forImageSize(imageSize, Defaults.NORMALIZATION).resize(),
              Defaults.NORMALIZATION, 0, Double.NaN, "bench");
      try (InferenceGraph inference = new InferenceGraph(metadata, compute.threads(), compute.sessionConfig())) {
        inferenceMs = medianMillis(step -> inference.probabilitiesOf(images).close());
      }
    }
    double pipelineImagesPerSec = pipeline(files);
    return new BenchResult(batchSize, imageSize, compute.precision().name().toLowerCase(Locale.ROOT),
        compute.threads(), steps, batchSize * 1000.0 / trainMs, batchSize * 1000.0 / inferenceMs,
        pipelineImagesPerSec, trainMs, inferenceMs, ProcessMemory.peakResidentMegabytes(),
        TensorFlowRuntime.computeDeviceDescription(), TensorFlowRuntime.tensorFlowVersion(),
        KernelLibraryProbe.library(), EffectiveCpu.current().isaCapDescription());
  }

  /** Per-op timings of one training step after warm-up, summed by op type. */
  public OpProfile profileTrainStep() {
    try (TFloat32 images = randomImages();
        TInt32 labels = randomLabels();
        TrainingGraph training = newTrainingGraph(new ModelSpec(CLASSES, imageSize, 1))) {
      for (int i = 0; i < Math.max(1, warmup); i++) {
        training.train(images, labels, StepControl.of(i, 0.01, 1));
      }
      return OpProfile.of(training.traceTrainStep(images, labels, StepControl.of(99, 0.01, 1)));
    }
  }

  /**
   * The training graph of a default run: its dropout, momentum and the default recipe's clipping. Not its weight
   * average: that is a pass over the weights after the step, outside the network whose arithmetic the benchmark
   * rates against the machine's limit (docs/performance.md gives what it adds to {@code train}).
   */
  private TrainingGraph newTrainingGraph(ModelSpec spec) {
    return new TrainingGraph(new TrainingGraph.Settings(spec, Defaults.DROPOUT, new MomentumSgd(Defaults.MOMENTUM),
        new GradientClipping(Recipe.DEFAULT.choices().clipNorm()), compute), Replica.SOLE);
  }

  private double pipeline(List<Path> files) {
    if (files.isEmpty()) {
      throw new BadInputException("no images for the pipeline benchmark; give --data a folder of images");
    }
    List<ImageSample> batch = new ArrayList<>();
    for (int i = 0; i < batchSize; i++) {
      batch.add(new ImageSample(files.get(i % files.size()), 0));
    }
    PlannedBatch planned = new PlannedBatch(batch, new boolean[batchSize]);
    PreprocessingSpec spec = PreprocessingSpec.forImageSize(imageSize, Defaults.NORMALIZATION);
    try (BatchDecoder decoder =
        new BatchDecoder(spec, Augmentation.NONE, compute.threads(), compute.decodeSessionConfig(), bad -> {})) {
      double ms = medianMillis(step -> {
        DecodedBatch decoded = decoder.decode(planned, false);
        if (decoded == null) {
          throw new BadInputException("none of the pipeline benchmark's images could be decoded");
        }
        decoded.close();
      });
      return batchSize * 1000.0 / ms;
    }
  }

  private double medianMillis(IntConsumer repetition) {
    for (int i = 0; i < warmup; i++) {
      repetition.accept(i);
    }
    double[] millis = new double[steps];
    for (int i = 0; i < steps; i++) {
      long start = System.nanoTime();
      repetition.accept(warmup + i);
      millis[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(millis);
    return steps % 2 == 1 ? millis[steps / 2] : (millis[steps / 2 - 1] + millis[steps / 2]) / 2;
  }

  private TFloat32 randomImages() {
    Random random = new Random(1);
    TFloat32 images = TFloat32.tensorOf(Shape.of(batchSize, imageSize, imageSize, 3));
    images.scalars().forEach(scalar -> scalar.setFloat(random.nextFloat() * 2 - 1));
    return images;
  }

  private TInt32 randomLabels() {
    int[] labels = new int[batchSize];
    for (int i = 0; i < batchSize; i++) {
      labels[i] = i % CLASSES;
    }
    return TInt32.vectorOf(labels);
  }
}
