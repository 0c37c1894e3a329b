package tftrain.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.tensorflow.proto.StepStats;
import tftrain.BadInputException;
import tftrain.data.BatchDecoder;
import tftrain.data.DecodedImageCache;
import tftrain.data.PreprocessingSpec;
import tftrain.data.DecodedBatch;
import tftrain.data.EpochPlan;
import tftrain.data.PlannedBatch;
import tftrain.data.PrefetchingLoader;
import tftrain.data.TrainValData;
import tftrain.data.UndecodableClassCheck;
import tftrain.io.AtomicFiles;
import tftrain.report.EpochMetrics;
import tftrain.runtime.TensorFlowRuntime;

/**
 * The epoch loop: train, validate, then hand the epoch to the listeners in one fixed order. The list is
 * the run's file writers ({@link RunWriters#forRun}, whose order makes the checkpoint the commit point),
 * then early stopping, then the caller's listener (the console), so the epoch line appears once everything
 * of the epoch is on disk.
 *
 * <p>One loop for one process and for a worker of many: what differs is the {@link Replica}'s (which
 * batches, the step's reduce, the stop agreement, who writes). Only the replica that writes the run folder
 * decides early stopping: its list is the single process's (file writers, early stopping, console);
 * another worker's list is only its console, and it learns the writer's decision from the replica.
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
  private final String precisionNote;
  private final Replica replica;

  /**
   * What a run trains, where, and as which replica.
   *
   * @param precisionNote the precision and why it was chosen, e.g. "bf16 (self-check passed)", shown and
   *     recorded in {@code summary.json}
   * @param replica this process's part; {@link Replica#SOLE} on one process
   */
  public record Setup(TrainingConfig config, TrainValData data, Path runDir, String precisionNote, Replica replica) {

    /** A run on one process in the configured precision. */
    public static Setup single(TrainingConfig config, TrainValData data, Path runDir) {
      return new Setup(config, data, runDir,
          config.compute().precision().name().toLowerCase(Locale.ROOT) + " (as configured)", Replica.SOLE);
    }
  }

  /**
   * How a run ended.
   *
   * @param stopReason why the run ended before its last epoch (early stopping), or null
   */
  public record Outcome(TrainingState state, boolean interrupted, String stopReason) {}

  /**
   * @param listener the caller's listener, called last
   * @param stopRequested this process was asked to stop (Ctrl-C); the replica decides when that takes effect
   */
  public Trainer(Setup setup, TrainingListener listener, BooleanSupplier stopRequested) {
    this.config = setup.config();
    this.data = setup.data();
    this.runDir = setup.runDir();
    this.precisionNote = setup.precisionNote();
    this.replica = setup.replica();
    this.listener = listener;
    this.stopRequested = stopRequested;
  }

  /** Trains from scratch, or from {@code resumeFrom} (the run's checkpoint state) when not null. */
  public Outcome run(TrainingState resumeFrom) throws IOException {
    if (data.train().isEmpty() || data.val().isEmpty()) {
      throw new BadInputException("the training and the validation set must each have at least one image");
    }
    if (replica.writesRunFolder()) {
      Files.createDirectories(runDir);
      AtomicFiles.cleanLeftovers(runDir);
    }
    String device = TensorFlowRuntime.computeDeviceDescription();
    try (ListenerList listeners = listeners();
        TrainingGraph network =
            new TrainingGraph(TrainingGraph.Settings.of(config, data.classes().size()), replica);
        Decoders decoders = openDecoders(listeners)) {
      TrainingState state = resumeFrom != null ? resumeFrom : TrainingState.initial(data.classes(), config);
      if (resumeFrom != null && replica.writesRunFolder()) {
        network.restore(Checkpoint.variablesPrefix(runDir));
      }
      // Every replica starts from the writer's weights and momentum (restored, or its initial values).
      network.syncStateFromChief();
      if (resumeFrom != null) {
        network.stateIsFromCheckpoint();
      }
      listeners.onRunStart(new RunInfo(runDir, device, precisionNote, data.classes(), data.train().size(),
          data.val().size(), network.network().parameterCount(), config, state.epochsCompleted()));
      LossGuard lossGuard = new LossGuard(data.classes().size());
      for (int epoch = state.epochsCompleted() + 1; epoch <= config.loop().epochs(); epoch++) {
        EpochRun trained = trainEpoch(epoch, state, network, decoders.training(), listeners, lossGuard);
        // Validation, the checkpoint and the models it makes see the weights' average (with --ema-decay).
        network.useAveragedWeights(true);
        if (trained.interrupted()) {
          TrainingState interrupted = state.withProgress(trained.globalStep(), trained.progress());
          int stepsDone = trained.progress().stepsDone();
          int interruptedEpoch = epoch;
          checkpoint(network, pending -> listeners.onInterrupted(interruptedEpoch, stepsDone, interrupted, pending));
          return new Outcome(interrupted, true, null);
        }
        EpochMetrics metrics = validate(epoch, trained, network, decoders.validation(), lossGuard, state, listeners);
        network.endEpoch(epoch, listeners);
        TrainingState next = state.after(metrics, trained.globalStep());
        boolean best = state.isBest(metrics);
        checkpoint(network,
            pending -> listeners.onEpochEnd(new EpochEnd(metrics, config.loop().epochs(), best, next, pending)));
        state = next;
        String stopReason = listeners.stopReason();
        if (config.loop().earlyStopPatience() > 0) {
          stopReason = replica.agreedStopReason(stopReason);
        }
        if (stopReason != null && epoch < config.loop().epochs()) {
          listeners.onRunEnd(state);
          return new Outcome(state, false, stopReason);
        }
        if (replica.agreedStop(trained.stopAgreed(), stopRequested) && epoch < config.loop().epochs()) {
          listeners.onInterrupted(epoch + 1, 0, state, null);
          return new Outcome(state, true, null);
        }
      }
      listeners.onRunEnd(state);
      return new Outcome(state, false, null);
    }
  }

  /**
   * Saves the weights into a new checkpoint and hands it to {@code event}, which commits it with the
   * state; a replica that does not write the run folder saves nothing and hands null.
   */
  private void checkpoint(TrainingGraph network, Consumer<Checkpoint.Pending> event) throws IOException {
    if (!replica.writesRunFolder()) {
      event.accept(null);
      return;
    }
    try (Checkpoint.Pending checkpoint = Checkpoint.begin(runDir)) {
      network.save(checkpoint.variablesPrefix());
      event.accept(checkpoint);
    }
  }

  /** The decoded-image cache of {@code --cache}, or null without one. */
  /**
   * The run's decoders: validation's to centre crops, and training's, which is the same one unless random
   * crops need the whole resized square (cut in the training graph).
   */
  private record Decoders(BatchDecoder validation, BatchDecoder training) implements AutoCloseable {
    @Override
    public void close() {
      try (validation) {
        if (training != validation) {
          training.close();
        }
      }
    }
  }

  private Decoders openDecoders(TrainingListener listeners) {
    UndecodableClassCheck badImages = new UndecodableClassCheck(data, listeners::onBadImage);
    BatchDecoder validation = decoderFor(config.preprocessing(), badImages, listeners);
    if (!config.model().crop().needsSquare()) {
      return new Decoders(validation, validation);
    }
    try {
      return new Decoders(validation, decoderFor(config.trainingPreprocessing(), badImages, listeners));
    } catch (RuntimeException e) {
      validation.close();
      throw e;
    }
  }

  /** A decoder to {@code spec}'s images, through the run's cache when it has one (entries are per spec). */
  private BatchDecoder decoderFor(PreprocessingSpec spec, UndecodableClassCheck badImages, TrainingListener listeners) {
    DecodedImageCache cache = config.data().cacheDir() == null ? null
        : DecodedImageCache.open(Path.of(config.data().cacheDir()), spec, listeners::onWarning);
    return new BatchDecoder(spec, config.model().augmentation(), config.compute().threads(),
        config.compute().decodeSessionConfig(), badImages, cache);
  }

  /**
   * Every listener of the run in call order. The one place they are assembled: the file writers, early
   * stopping when asked for, and the caller's last. A replica that does not write the run folder takes the
   * writer's early-stopping decision: it has only the caller's listener.
   */
  private ListenerList listeners() throws IOException {
    if (!replica.writesRunFolder()) {
      return new ListenerList(List.of(listener));
    }
    List<TrainingListener> listeners = new ArrayList<>(RunWriters.forRun(runDir, config, data.classes()));
    if (config.loop().earlyStopPatience() > 0) {
      listeners.add(new EarlyStopping(config.loop().earlyStopPatience(), config.loop().earlyStopMonitor()));
    }
    listeners.add(listener);
    return new ListenerList(listeners);
  }

  /**
   * How far an epoch's training got: all its planned steps, or fewer when a stop was requested.
   *
   * @param stopAgreed the stop request shared in the epoch's last step (multi-worker runs: of any worker)
   */
  private record EpochRun(
      EpochProgress progress, long globalStep, boolean interrupted, boolean stopAgreed, double epochRate) {}

  private EpochRun trainEpoch(int epoch, TrainingState state, TrainingGraph network, BatchDecoder decoder,
      TrainingListener listeners, LossGuard lossGuard) {
    network.useAveragedWeights(false); // a checkpoint, restored or just written, has the average in place
    List<PlannedBatch> plan = EpochPlan.training(
        data.train(), config.loop().batchSize(), config.model().seed(), epoch, config.model().augmentation());
    if (config.loop().maxBatches() > 0 && plan.size() > config.loop().maxBatches()) {
      plan = plan.subList(0, config.loop().maxBatches());
    }
    Replica.EpochShare share = replica.trainingShare(plan, config.loop().batchSize());
    List<PlannedBatch> batches = share.batches();
    EpochProgress progress = state.inProgress();
    long globalStep = state.globalStep();
    LearningRatePlan rates = new LearningRatePlan(config, batches.size());
    double epochRate = agreedEpochRate(rates.epochRate(epoch, state.history()));
    listeners.onEpochStart(epoch, config.loop().epochs(), share.images(), progress.images(), epochRate);
    boolean stopAgreed = false;
    try (PrefetchingLoader loader = new PrefetchingLoader(decoder,
        batches.subList(progress.stepsDone(), batches.size()),
        true, PREFETCH_DEPTH, replica.keepsEmptyBatches())) {
      long stepStart = System.nanoTime();
      while (loader.hasNext()) {
        try (DecodedBatch batch = loader.next()) {
          long stepNumber = globalStep + 1;
          Consumer<StepStats> trace = listeners.wantsTimeline(stepNumber)
              ? stats -> listeners.onStepTimeline(stepNumber, StepTimeline.of(stats))
              : null;
          StepControl control = new StepControl(rates.stepRate(epochRate, globalStep),
              replica.stepSeed(config.model().seed(), epoch, progress.stepsDone()), globalStep,
              WeightAveraging.stepsAveragedAfter(progress.stepsDone(), batches.size()));
          SharedStep shared =
              network.step(batch.images(), batch.labels(), control, stopRequested.getAsBoolean(), trace);
          StepResult step = shared.step();
          stopAgreed = shared.stopRequested();
          if (lossGuard.hasExploded(step.meanLoss())) {
            throw new TrainingDivergedException("epoch " + epoch + ", step " + (progress.stepsDone() + 1),
                step.meanLoss(), lossGuard.limit(), state);
          }
          long now = System.nanoTime();
          progress = progress.plus(step, (now - stepStart) / 1e9);
          stepStart = now;
          globalStep++;
          listeners.onStep(progress.images(), progress.lossSum() / progress.images(),
              (double) progress.correct() / progress.images());
        }
        if (replica.agreedStop(stopAgreed, stopRequested) && progress.stepsDone() < batches.size()) {
          return new EpochRun(progress, globalStep, true, stopAgreed, epochRate);
        }
      }
    }
    if (progress.images() == 0) {
      throw new BadInputException("no training image of epoch " + epoch + " could be decoded");
    }
    return new EpochRun(progress, globalStep, false, stopAgreed, epochRate);
  }

  /**
   * The epoch's rate every replica trains at. Only the plateau schedule's depends on the history, which a
   * resumed worker other than the chief does not have: there every replica takes the chief's.
   */
  private double agreedEpochRate(double local) {
    if (config.optimizer().lrSchedule() != RateSchedule.PLATEAU || replica.count() == 1) {
      return local;
    }
    return replica.sum(new double[] {replica.isChief() ? local : 0})[0];
  }

  /** Validates the epoch's weights and puts the epoch's numbers together. */
  private EpochMetrics validate(int epoch, EpochRun trained, TrainingGraph network, BatchDecoder decoder,
      LossGuard lossGuard, TrainingState lastGood, TrainingListener listeners) {
    long start = System.nanoTime();
    double lossSum = 0;
    long correct = 0;
    long images = 0;
    try (PrefetchingLoader loader = new PrefetchingLoader(decoder,
        replica.validationShare(EpochPlan.inOrder(data.val(), config.loop().batchSize())), false, PREFETCH_DEPTH)) {
      while (loader.hasNext()) {
        try (DecodedBatch batch = loader.next()) {
          StepResult result = network.evaluate(batch.images(), batch.labels(),
              probabilities -> listeners.onValidationBatch(batch, probabilities));
          lossSum += result.meanLoss() * result.images();
          correct += result.correct();
          images += result.images();
        }
      }
    }
    double[] totals = replica.sum(new double[] {lossSum, correct, images});
    lossSum = totals[0];
    correct = Math.round(totals[1]);
    images = Math.round(totals[2]);
    if (images == 0) {
      throw new BadInputException("no validation image could be decoded");
    }
    double valLoss = lossSum / images;
    if (lossGuard.hasExploded(valLoss)) {
      throw new TrainingDivergedException("epoch " + epoch + ", validation", valLoss, lossGuard.limit(), lastGood);
    }
    EpochProgress progress = trained.progress();
    return new EpochMetrics(epoch, trained.epochRate(), progress.lossSum() / progress.images(),
        (double) progress.correct() / progress.images(), valLoss, (double) correct / images,
        progress.seconds() + (System.nanoTime() - start) / 1e9, progress.images() / progress.seconds());
  }
}
