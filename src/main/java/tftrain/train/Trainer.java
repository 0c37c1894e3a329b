package tftrain.train;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import tftrain.BadInputException;
import tftrain.data.BatchDecoder;
import tftrain.data.DecodedBatch;
import tftrain.data.EpochPlan;
import tftrain.data.PlannedBatch;
import tftrain.data.PrefetchingLoader;
import tftrain.data.TrainValData;
import tftrain.io.AtomicFiles;
import tftrain.model.ModelSpec;
import tftrain.report.JsonFiles;
import tftrain.report.MetricsCsv;
import tftrain.report.TensorBoardWriter;
import tftrain.report.TrainingCharts;
import tftrain.serving.InferenceGraph;
import tftrain.serving.ModelMetadata;
import tftrain.runtime.TensorFlowRuntime;
import tftrain.runtime.ComputeSettings;
import tftrain.runtime.ProcessMemory;
import tftrain.report.EpochMetrics;

/**
 * The epoch loop: train, validate, save. After each epoch it writes, in this order, the metrics row, the
 * {@code last/} (and on a new best, {@code best/}) SavedModels, and finally the checkpoint, which is the
 * commit point: a kill before it redoes the epoch on resume, with the same result, so every file ends
 * up consistent.
 */
public final class Trainer {

  /** Batches decoded ahead of the training step. */
  private static final int PREFETCH_DEPTH = 2;

  public static final String METRICS_FILE = "metrics.csv";
  public static final String SUMMARY_FILE = "summary.json";
  public static final String BEST_FOLDER = "best";
  public static final String LAST_FOLDER = "last";
  public static final String EVENTS_FOLDER = "events";

  private final TrainingConfig config;
  private final TrainValData data;
  private final Path runDir;
  private final TrainingListener listener;
  private final BooleanSupplier stopRequested;
  /** The precision and why it was chosen, e.g. "bf16 (self-check passed)", for the record. */
  private final String precisionNote;
  /** Seconds from JVM start to the first training step of this process, once known. */
  private double startupSeconds = Double.NaN;

  /** How a run ended. */
  public record Outcome(TrainingState state, boolean interrupted) {}

  public Trainer(
      TrainingConfig config,
      TrainValData data,
      Path runDir,
      TrainingListener listener,
      BooleanSupplier stopRequested) {
    this(config, data, runDir, listener, stopRequested,
        config.precision().name().toLowerCase(java.util.Locale.ROOT) + " (as configured)");
  }

  /** @param precisionNote the precision and why it was chosen, shown and recorded in {@code summary.json} */
  public Trainer(
      TrainingConfig config,
      TrainValData data,
      Path runDir,
      TrainingListener listener,
      BooleanSupplier stopRequested,
      String precisionNote) {
    this.config = config;
    this.data = data;
    this.runDir = runDir;
    this.listener = listener;
    this.stopRequested = stopRequested;
    this.precisionNote = precisionNote;
  }

  /**
   * Trains from scratch, or from {@code resumeFrom} (the run's checkpoint state) when not null.
   */
  public Outcome run(TrainingState resumeFrom) throws IOException {
    if (data.train().isEmpty() || data.val().isEmpty()) {
      throw new BadInputException("the training and the validation set must each have at least one image");
    }
    ModelSpec spec = config.modelSpec(data.classes().size());
    LossGuard lossGuard = new LossGuard(data.classes().size());
    ComputeSettings compute = config.compute();
    Files.createDirectories(runDir);
    AtomicFiles.cleanLeftovers(runDir);
    String device = TensorFlowRuntime.computeDeviceDescription();
    ModelMetadata modelMetadata = TrainedModels.metadata(data.classes(), config, 0, Double.NaN);

    try (TrainingGraph network =
            new TrainingGraph(spec, (float) config.dropout(), (float) config.momentum(), (float) config.clipNorm(), compute);
        BatchDecoder decoder =
            new BatchDecoder(config.preprocessing(), config.augmentation(), config.threads(),
                compute.decodeSessionConfig(), listener::onBadImage);
        InferenceGraph bundles = new InferenceGraph(modelMetadata, 1, null);
        TensorBoardWriter tensorBoard = new TensorBoardWriter(runDir.resolve(EVENTS_FOLDER))) {
      TrainingState state = resumeFrom != null ? resumeFrom : TrainingState.initial(data.classes(), config);
      if (resumeFrom != null) {
        network.restore(Checkpoint.variablesPrefix(runDir));
      }
      listener.onRunStart(
          new RunInfo(runDir, device, precisionNote, data.classes(), data.train().size(), data.val().size(),
              network.network().parameterCount(), config, state.epochsCompleted()));

      for (int epoch = state.epochsCompleted() + 1; epoch <= config.epochs(); epoch++) {
        double learningRate = config.schedule().rateAt(epoch);
        List<PlannedBatch> plan =
            EpochPlan.training(data.train(), config.batchSize(), config.seed(), epoch, config.augmentation());
        if (config.maxBatches() > 0 && plan.size() > config.maxBatches()) {
          plan = plan.subList(0, config.maxBatches());
        }
        EpochProgress progress = state.inProgress();
        long epochImages = plan.stream().mapToLong(batch -> batch.samples().size()).sum();
        listener.onEpochStart(epoch, config.epochs(), epochImages, progress.images(), learningRate);
        long globalStep = state.globalStep();

        try (PrefetchingLoader loader =
            new PrefetchingLoader(decoder, plan.subList(progress.stepsDone(), plan.size()), true, PREFETCH_DEPTH)) {
          long stepStart = System.nanoTime();
          while (loader.hasNext()) {
            try (DecodedBatch batch = loader.next()) {
              if (Double.isNaN(startupSeconds)) {
                startupSeconds = ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
              }
              StepResult step =
                  network.train(batch.images(), batch.labels(), config.rateAt(epoch, globalStep),
                      EpochPlan.stepSeed(config.seed(), epoch, progress.stepsDone()));
              if (lossGuard.hasExploded(step.meanLoss())) {
                throw new TrainingDivergedException("epoch " + epoch + ", step " + (progress.stepsDone() + 1),
                    step.meanLoss(), lossGuard.limit(), state);
              }
              long now = System.nanoTime();
              progress = progress.plus(step, (now - stepStart) / 1e9);
              stepStart = now;
              globalStep++;
              listener.onStep(progress.images(), progress.lossSum() / progress.images(),
                  (double) progress.correct() / progress.images());
            }
            if (stopRequested.getAsBoolean() && progress.stepsDone() < plan.size()) {
              TrainingState interrupted = state.withProgress(globalStep, progress);
              saveCheckpointOnly(network, interrupted);
              listener.onInterrupted(epoch, progress.stepsDone());
              return new Outcome(interrupted, true);
            }
          }
        }
        if (progress.images() == 0) {
          throw new BadInputException("no training image of epoch " + epoch + " could be decoded");
        }

        long validationStart = System.nanoTime();
        Validation validation = validate(network, decoder);
        if (lossGuard.hasExploded(validation.loss())) {
          throw new TrainingDivergedException(
              "epoch " + epoch + ", validation", validation.loss(), lossGuard.limit(), state);
        }
        double validationSeconds = (System.nanoTime() - validationStart) / 1e9;
        EpochMetrics metrics =
            new EpochMetrics(epoch, learningRate, progress.lossSum() / progress.images(),
                (double) progress.correct() / progress.images(), validation.loss(), validation.accuracy(),
                progress.seconds() + validationSeconds, progress.images() / progress.seconds());
        boolean isBest = state.isBest(metrics);
        TrainingState next = state.after(metrics, globalStep);

        try (Checkpoint.Pending checkpoint = Checkpoint.begin(runDir)) {
          network.save(checkpoint.variablesPrefix());
          MetricsCsv.append(runDir.resolve(METRICS_FILE), metrics);
          bundles.restore(checkpoint.variablesPrefix());
          ModelMetadata weights = TrainedModels.metadata(data.classes(), config, epoch, validation.accuracy());
          bundles.export(runDir.resolve(LAST_FOLDER), weights);
          if (isBest) {
            bundles.export(runDir.resolve(BEST_FOLDER), weights);
          }
          checkpoint.commit(next);
        }
        state = next;
        TrainingCharts.write(state.history(), runDir);
        tensorBoard.write(metrics);
        writeSummary(state, device, decoder);
        listener.onEpochEnd(metrics, config.epochs(), isBest);
        if (stopRequested.getAsBoolean() && epoch < config.epochs()) {
          listener.onInterrupted(epoch + 1, 0);
          return new Outcome(state, true);
        }
      }
      writeSummary(state, device, decoder);
      return new Outcome(state, false);
    }
  }

  private record Validation(double loss, double accuracy) {}

  private Validation validate(TrainingGraph network, BatchDecoder decoder) {
    double lossSum = 0;
    long correct = 0;
    long images = 0;
    try (PrefetchingLoader loader =
        new PrefetchingLoader(decoder, EpochPlan.inOrder(data.val(), config.batchSize()), false, PREFETCH_DEPTH)) {
      while (loader.hasNext()) {
        try (DecodedBatch batch = loader.next()) {
          StepResult result = network.evaluate(batch.images(), batch.labels());
          lossSum += result.meanLoss() * result.images();
          correct += result.correct();
          images += result.images();
        }
      }
    }
    if (images == 0) {
      throw new BadInputException("no validation image could be decoded");
    }
    return new Validation(lossSum / images, (double) correct / images);
  }

  private void saveCheckpointOnly(TrainingGraph network, TrainingState state) throws IOException {
    try (Checkpoint.Pending checkpoint = Checkpoint.begin(runDir)) {
      network.save(checkpoint.variablesPrefix());
      checkpoint.commit(state);
    }
  }

  private void writeSummary(TrainingState state, String device, BatchDecoder decoder) {
    List<EpochMetrics> history = state.history();
    double last = history.isEmpty() ? Double.NaN : history.get(history.size() - 1).valAccuracy();
    // Summed over epochs rather than timed from the start, so a resumed run reports its whole training time.
    double trainingSeconds = history.stream().mapToDouble(EpochMetrics::seconds).sum();
    JsonFiles.write(
        runDir.resolve(SUMMARY_FILE),
        new RunSummary(config, data.classes(), data.train().size(), data.val().size(), state.epochsCompleted(),
            state.bestEpoch(), state.bestValAccuracy(), last, device, precisionNote, TensorFlowRuntime.tensorFlowVersion(),
            TensorFlowRuntime.tftrainVersion(), trainingSeconds, startupSeconds, ProcessMemory.peakResidentMegabytes(),
            ProcessMemory.residentMegabytes(),
            decoder.badImages()));
  }

}
