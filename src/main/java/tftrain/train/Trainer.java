package tftrain.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import tftrain.BadInputException;
import tftrain.data.BatchDecoder;
import tftrain.data.DecodedImageCache;
import tftrain.data.DecodedBatch;
import tftrain.data.EpochPlan;
import tftrain.data.PlannedBatch;
import tftrain.data.PrefetchingLoader;
import tftrain.data.TrainValData;
import tftrain.io.AtomicFiles;
import tftrain.report.EpochMetrics;
import tftrain.runtime.TensorFlowRuntime;

/**
 * The epoch loop: train, validate, then hand the epoch to the listeners in one fixed order. The list is
 * the run's file writers ({@link RunWriters#forRun}, whose order makes the checkpoint the commit point),
 * then early stopping, then the caller's listener (the console), so the epoch line appears once everything
 * of the epoch is on disk.
 *
 * <p>On a worker of a multi-worker run ({@link Replica}), every step trains on this worker's slice of the
 * global batch in lockstep with the others. Only the chief writes and decides: its list is the single
 * process's (file writers, early stopping, console); another worker's list is only its console, and it learns
 * the chief's early-stopping decision through a sum after each epoch (a resumed worker has not the run's
 * history that early stopping reads).
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
  /** This process's part in a multi-worker run; {@link Replica#SOLE} on one process. */
  private final Replica replica;

  /**
   * How a run ended.
   *
   * @param stopReason why the run ended before its last epoch (early stopping), or null
   */
  public record Outcome(TrainingState state, boolean interrupted, String stopReason) {}

  public Trainer(
      TrainingConfig config,
      TrainValData data,
      Path runDir,
      TrainingListener listener,
      BooleanSupplier stopRequested) {
    this(config, data, runDir, listener, stopRequested,
        config.precision().name().toLowerCase(Locale.ROOT) + " (as configured)");
  }

  /** @param precisionNote the precision and why it was chosen, shown and recorded in {@code summary.json} */
  public Trainer(
      TrainingConfig config,
      TrainValData data,
      Path runDir,
      TrainingListener listener,
      BooleanSupplier stopRequested,
      String precisionNote) {
    this(config, data, runDir, listener, stopRequested, precisionNote, Replica.SOLE);
  }

  /**
   * One worker of a multi-worker run: it trains on its slice of each batch in lockstep with the others,
   * and only the chief ({@code replica.isChief()}) writes the run folder.
   */
  public Trainer(
      TrainingConfig config,
      TrainValData data,
      Path runDir,
      TrainingListener listener,
      BooleanSupplier stopRequested,
      String precisionNote,
      Replica replica) {
    this.replica = replica;
    this.config = config;
    this.data = data;
    this.runDir = runDir;
    this.listener = listener;
    this.stopRequested = stopRequested;
    this.precisionNote = precisionNote;
  }

  /** Trains from scratch, or from {@code resumeFrom} (the run's checkpoint state) when not null. */
  public Outcome run(TrainingState resumeFrom) throws IOException {
    if (data.train().isEmpty() || data.val().isEmpty()) {
      throw new BadInputException("the training and the validation set must each have at least one image");
    }
    boolean writesFiles = replica.isChief();
    if (writesFiles) {
      Files.createDirectories(runDir);
      AtomicFiles.cleanLeftovers(runDir);
    }
    String device = TensorFlowRuntime.computeDeviceDescription();
    try (ListenerList listeners = listeners();
        TrainingGraph network =
            new TrainingGraph(TrainingGraph.Settings.of(config, data.classes().size()), replica);
        BatchDecoder decoder = new BatchDecoder(config.preprocessing(), config.augmentation(), config.threads(),
            config.compute().decodeSessionConfig(), listeners::onBadImage, openCache(listeners))) {
      TrainingState state = resumeFrom != null ? resumeFrom : TrainingState.initial(data.classes(), config);
      if (resumeFrom != null && writesFiles) {
        network.restore(Checkpoint.variablesPrefix(runDir));
      }
      // Every worker starts from the chief's weights and momentum (restored, or its initial values).
      network.broadcastWeightsFromChief();
      listeners.onRunStart(new RunInfo(runDir, device, precisionNote, data.classes(), data.train().size(),
          data.val().size(), network.network().parameterCount(), config, state.epochsCompleted()));
      LossGuard lossGuard = new LossGuard(data.classes().size());
      for (int epoch = state.epochsCompleted() + 1; epoch <= config.epochs(); epoch++) {
        EpochRun trained = trainEpoch(epoch, state, network, decoder, listeners, lossGuard);
        if (trained.interrupted()) {
          TrainingState interrupted = state.withProgress(trained.globalStep(), trained.progress());
          if (writesFiles) {
            try (Checkpoint.Pending checkpoint = Checkpoint.begin(runDir)) {
              network.save(checkpoint.variablesPrefix());
              listeners.onInterrupted(epoch, trained.progress().stepsDone(), interrupted, checkpoint);
            }
          } else {
            listeners.onInterrupted(epoch, trained.progress().stepsDone(), interrupted, null);
          }
          return new Outcome(interrupted, true, null);
        }
        EpochMetrics metrics = validate(epoch, trained, network, decoder, lossGuard, state);
        if (replica.isReplicated()) {
          listeners.onWeightsChecksum(epoch, network.weightsChecksum());
        }
        TrainingState next = state.after(metrics, trained.globalStep());
        if (writesFiles) {
          try (Checkpoint.Pending checkpoint = Checkpoint.begin(runDir)) {
            network.save(checkpoint.variablesPrefix());
            listeners.onEpochEnd(new EpochEnd(metrics, config.epochs(), state.isBest(metrics), next, checkpoint));
          }
        } else {
          listeners.onEpochEnd(new EpochEnd(metrics, config.epochs(), state.isBest(metrics), next, null));
        }
        state = next;
        String stopReason = listeners.stopReason();
        if (replica.isReplicated() && config.earlyStopPatience() > 0) {
          stopReason = chiefStopReason(stopReason);
        }
        if (stopReason != null && epoch < config.epochs()) {
          listeners.onRunEnd(state);
          return new Outcome(state, false, stopReason);
        }
        // Replicas stop on the request they agreed on in the epoch's last step, so after the same epoch.
        boolean stop = replica.isReplicated() ? trained.stopAgreed() : stopRequested.getAsBoolean();
        if (stop && epoch < config.epochs()) {
          listeners.onInterrupted(epoch + 1, 0, state, null);
          return new Outcome(state, true, null);
        }
      }
      listeners.onRunEnd(state);
      return new Outcome(state, false, null);
    }
  }

  /**
   * Multi-worker runs: the chief's early-stopping decision, on every worker (all call this after the same
   * epoch, as the patience is the chief's).
   */
  private String chiefStopReason(String local) {
    double chiefStops = replica.sum(new double[] {replica.isChief() && local != null ? 1 : 0})[0];
    if (chiefStops == 0) {
      return null;
    }
    return replica.isChief() ? local : "early stopping on the chief (task 0)";
  }

  /** The decoded-image cache of {@code --cache}, or null without one. */
  private DecodedImageCache openCache(TrainingListener listeners) {
    return config.cacheDir() == null ? null
        : DecodedImageCache.open(Path.of(config.cacheDir()), config.preprocessing(), listeners::onWarning);
  }

  /**
   * Every listener of the run in call order. The one place they are assembled: the file writers, early
   * stopping when asked for, and the caller's last. A worker of a multi-worker run other than the chief
   * writes no files and takes the chief's early-stopping decision: it has only the caller's listener.
   */
  private ListenerList listeners() throws IOException {
    if (!replica.isChief()) {
      return new ListenerList(List.of(listener));
    }
    List<TrainingListener> listeners = new ArrayList<>(RunWriters.forRun(runDir, config, data.classes()));
    if (config.earlyStopPatience() > 0) {
      listeners.add(new EarlyStopping(config.earlyStopPatience(), config.earlyStopMonitor()));
    }
    listeners.add(listener);
    return new ListenerList(listeners);
  }

  /**
   * How far an epoch's training got: all its planned steps, or fewer when a stop was requested.
   *
   * @param stopAgreed multi-worker runs: a stop request of any worker, shared in the epoch's last step
   */
  private record EpochRun(EpochProgress progress, long globalStep, boolean interrupted, boolean stopAgreed) {}

  private EpochRun trainEpoch(int epoch, TrainingState state, TrainingGraph network, BatchDecoder decoder,
      TrainingListener listeners, LossGuard lossGuard) {
    List<PlannedBatch> plan =
        EpochPlan.training(data.train(), config.batchSize(), config.seed(), epoch, config.augmentation());
    if (config.maxBatches() > 0 && plan.size() > config.maxBatches()) {
      plan = plan.subList(0, config.maxBatches());
    }
    boolean replicated = replica.isReplicated();
    if (replicated) {
      // Lockstep: every worker runs the same steps, so the uneven remainder of the epoch is dropped.
      plan = plan.stream().filter(batch -> batch.samples().size() == config.batchSize()).toList();
    }
    EpochProgress progress = state.inProgress();
    long globalStep = state.globalStep();
    long epochImages = plan.stream().mapToLong(batch -> batch.samples().size()).sum();
    if (replicated) {
      plan = EpochPlan.shard(plan, config.batchSize(), replica.count(), replica.index());
    }
    listeners.onEpochStart(epoch, config.epochs(), epochImages, progress.images(), config.schedule().rateAt(epoch));
    boolean stopAgreed = false;
    try (PrefetchingLoader loader = new PrefetchingLoader(
        decoder, plan.subList(progress.stepsDone(), plan.size()), true, PREFETCH_DEPTH, replicated)) {
      long stepStart = System.nanoTime();
      while (loader.hasNext()) {
        try (DecodedBatch batch = loader.next()) {
          StepResult step;
          if (replicated) {
            TrainingGraph.SharedStep shared = network.trainShared(batch.images(), batch.labels(),
                config.rateAt(epoch, globalStep),
                EpochPlan.stepSeed(config.seed(), epoch, progress.stepsDone(), replica.index()),
                stopRequested.getAsBoolean());
            step = shared.step();
            stopAgreed = shared.stopRequested();
          } else {
            step = network.train(batch.images(), batch.labels(), config.rateAt(epoch, globalStep),
                EpochPlan.stepSeed(config.seed(), epoch, progress.stepsDone()));
          }
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
        // Replicas stop on the request they all agreed on in the step's all-reduce, so at the same step.
        boolean stop = replicated ? stopAgreed : stopRequested.getAsBoolean();
        if (stop && progress.stepsDone() < plan.size()) {
          return new EpochRun(progress, globalStep, true, stopAgreed);
        }
      }
    }
    if (progress.images() == 0) {
      throw new BadInputException("no training image of epoch " + epoch + " could be decoded");
    }
    return new EpochRun(progress, globalStep, false, stopAgreed);
  }

  /** Validates the epoch's weights and puts the epoch's numbers together. */
  private EpochMetrics validate(int epoch, EpochRun trained, TrainingGraph network, BatchDecoder decoder,
      LossGuard lossGuard, TrainingState lastGood) {
    long start = System.nanoTime();
    double lossSum = 0;
    long correct = 0;
    long images = 0;
    try (PrefetchingLoader loader = new PrefetchingLoader(decoder, validationBatches(), false, PREFETCH_DEPTH)) {
      while (loader.hasNext()) {
        try (DecodedBatch batch = loader.next()) {
          StepResult result = network.evaluate(batch.images(), batch.labels());
          lossSum += result.meanLoss() * result.images();
          correct += result.correct();
          images += result.images();
        }
      }
    }
    if (replica.isReplicated()) {
      double[] totals = replica.sum(new double[] {lossSum, correct, images});
      lossSum = totals[0];
      correct = Math.round(totals[1]);
      images = Math.round(totals[2]);
    }
    if (images == 0) {
      throw new BadInputException("no validation image could be decoded");
    }
    double valLoss = lossSum / images;
    if (lossGuard.hasExploded(valLoss)) {
      throw new TrainingDivergedException("epoch " + epoch + ", validation", valLoss, lossGuard.limit(), lastGood);
    }
    EpochProgress progress = trained.progress();
    return new EpochMetrics(epoch, config.schedule().rateAt(epoch), progress.lossSum() / progress.images(),
        (double) progress.correct() / progress.images(), valLoss, (double) correct / images,
        progress.seconds() + (System.nanoTime() - start) / 1e9, progress.images() / progress.seconds());
  }

  /** The validation batches this process evaluates: all of them, or every count-th one on a replica. */
  private List<PlannedBatch> validationBatches() {
    List<PlannedBatch> all = EpochPlan.inOrder(data.val(), config.batchSize());
    if (!replica.isReplicated()) {
      return all;
    }
    List<PlannedBatch> mine = new ArrayList<>();
    for (int i = replica.index(); i < all.size(); i += replica.count()) {
      mine.add(all.get(i));
    }
    return mine;
  }
}
