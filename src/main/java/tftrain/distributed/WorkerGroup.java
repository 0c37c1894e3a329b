package tftrain.distributed;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.tensorflow.proto.ConfigProto;
import tftrain.BadInputException;
import tftrain.data.ImageSample;
import tftrain.data.TrainValData;
import tftrain.runtime.TensorFlowRuntime;
import tftrain.train.EarlyStopMonitor;
import tftrain.train.EpochProgress;
import tftrain.train.ModelSettings;
import tftrain.train.OptimizerSettings;
import tftrain.train.Replica;
import tftrain.train.TrainingConfig;
import tftrain.train.TrainingState;

/**
 * This process as one worker of a cluster: its server, and the start-up handshake by which all workers
 * agree on the run before the first step. The chief's seed, epoch count and position (after a
 * {@code --resume}) win; the other workers' training settings, class lists and file lists must equal
 * the chief's, else every worker stops with the same one-line error.
 */
public final class WorkerGroup implements AutoCloseable {

  /** How long a collective waits for a peer before the step fails (--collective-timeout). */
  public static final int DEFAULT_COLLECTIVE_TIMEOUT_SECONDS = 120;
  /** How long the first handshake waits for every worker to come up (--startup-timeout). */
  public static final int DEFAULT_STARTUP_TIMEOUT_SECONDS = 300;

  private final ClusterSpec cluster;
  private final ClusterSums sums;
  private final ClusterReplica replica;
  private final long startupSeconds;
  /**
   * The handshake gave up while its collective may still run inside TensorFlow, which cannot cancel it:
   * closing its session would wait for that run for ever, so the session is left to the process's end.
   */
  private boolean handshakeAbandoned;

  /**
   * Where the chief's run stands and what it decides for all: every worker starts from it. Early stopping
   * is the chief's too (a resume may change it), so that every worker stops after the same epoch.
   */
  public record Start(long seed, int epochs, int epochsCompleted, long globalStep, int stepsDone,
      int earlyStopPatience, EarlyStopMonitor earlyStopMonitor) {

    /** {@code config} with the chief's seed, epochs and early stopping. */
    public TrainingConfig adopt(TrainingConfig config) {
      return config.toBuilder().seed(seed).epochs(epochs).earlyStop(earlyStopPatience, earlyStopMonitor).build();
    }
  }

  private WorkerGroup(ClusterSpec cluster, ClusterSums sums, ClusterReplica replica, long startupSeconds) {
    this.cluster = cluster;
    this.sums = sums;
    this.replica = replica;
    this.startupSeconds = startupSeconds;
  }

  /**
   * Starts this worker's server and the sessions that reach the others.
   *
   * @param config the training session's configuration (threads, precision), also used for the small sums
   * @param startupSeconds how long to wait at start-up for every worker
   * @param timeoutSeconds how long any collective afterwards may wait for a peer
   * @param globalBatch the images of a step over all workers (a multiple of the worker count)
   */
  public static WorkerGroup join(
      ClusterSpec cluster, ConfigProto config, long startupSeconds, float timeoutSeconds, int globalBatch) {
    WorkerServer server = WorkerServer.start(cluster);
    ClusterSums sums = new ClusterSums(server, config, startupSeconds, timeoutSeconds);
    return new WorkerGroup(cluster, sums, new ClusterReplica(server, sums, timeoutSeconds,
        ClusterReplica.DEFAULT_BUCKETS, globalBatch / cluster.size()), startupSeconds);
  }

  public ClusterSpec cluster() {
    return cluster;
  }

  /** The hooks of the trainer and its graph for this worker. */
  public Replica replica() {
    return replica;
  }

  /**
   * The first collective: every worker learns the chief's seed, epochs and position, and that all were
   * started with the same training settings.
   *
   * @param resumed the chief's checkpoint state with {@code --resume}, else null
   */
  public Start agree(TrainingConfig config, TrainingState resumed) {
    long[] values = new long[ClusterSums.header() + cluster.size()];
    if (cluster.isChief()) {
      values[0] = config.model().seed();
      values[1] = config.loop().epochs();
      if (resumed != null) {
        values[2] = resumed.epochsCompleted();
        values[3] = resumed.globalStep();
        values[4] = resumed.inProgress().stepsDone();
      }
      values[5] = config.loop().earlyStopPatience();
      values[6] = config.loop().earlyStopMonitor().ordinal();
    }
    values[ClusterSums.header() + cluster.task()] = settingsFingerprint(config);
    long[] agreed;
    try {
      agreed = sums.handshake(values, startupSeconds);
    } catch (RuntimeException e) {
      handshakeAbandoned = true;
      throw e;
    }
    List<Integer> different = differentFromChief(agreed);
    if (!different.isEmpty()) {
      throw new BadInputException(tasks(different) + " started with other training settings than the chief (task 0):"
          + " start every worker with the same options (batch size, rates, image size, recipe, …)");
    }
    return new Start(agreed[0], (int) agreed[1], (int) agreed[2], agreed[3], (int) agreed[4], (int) agreed[5],
        EarlyStopMonitor.values()[(int) agreed[6]]);
  }

  /** Checks that every worker sees the chief's classes and the same image files. */
  public void checkData(TrainValData data) {
    long[] classes = new long[ClusterSums.header() + cluster.size()];
    classes[ClusterSums.header() + cluster.task()] = fingerprint(String.join("\n", data.classes()));
    List<Integer> otherClasses = differentFromChief(sums.check(classes));
    if (!otherClasses.isEmpty()) {
      throw new BadInputException(tasks(otherClasses) + " found other classes than the chief (task 0, "
          + data.classes() + " here): every worker must read the same data folder"
          + " (a shared mount or identical copies)");
    }
    long[] files = new long[ClusterSums.header() + cluster.size()];
    files[ClusterSums.header() + cluster.task()] = fingerprint(fileList(data.train()) + "|" + fileList(data.val()));
    List<Integer> otherFiles = differentFromChief(sums.check(files));
    if (!otherFiles.isEmpty()) {
      throw new BadInputException(tasks(otherFiles) + " found other image files than the chief (task 0, "
          + data.train().size() + " training and " + data.val().size() + " validation images here): every worker"
          + " must read the same data folder (a shared mount or identical copies)");
    }
  }

  /** A non-chief worker's starting point: the chief's position, without the chief's history. */
  public TrainingState startState(Start start, List<String> classes, TrainingConfig config) {
    if (start.epochsCompleted() == 0 && start.stepsDone() == 0 && start.globalStep() == 0) {
      return null;
    }
    return new TrainingState(TrainingState.SCHEMA_VERSION, start.epochsCompleted(), start.globalStep(),
        new EpochProgress(start.stepsDone(), 0, 0, 0, 0), -1, 0, classes, config, List.of(),
        TensorFlowRuntime.tftrainVersion());
  }

  /**
   * The options that must be the same on every worker, as a number. Seed, epochs and early stopping are
   * the chief's anyway; data paths, threads, precision and the pixel limit may differ between machines.
   */
  static long settingsFingerprint(TrainingConfig config) {
    OptimizerSettings optimizer = config.optimizer();
    ModelSettings model = config.model();
    String settings = String.join("|", List.of(
        Integer.toString(config.loop().batchSize()), Arrays.toString(optimizer.schedule().boundaries()),
        Arrays.toString(optimizer.schedule().values()), Double.toString(optimizer.momentum()),
        Double.toString(model.dropout()), Double.toString(optimizer.clipNorm()), Integer.toString(model.imageSize()),
        Integer.toString(model.resize()), model.normalization().name(), model.augmentation().name(),
        Integer.toString(config.loop().maxBatches()), model.init().name(), Integer.toString(optimizer.warmupSteps()),
        Double.toString(config.data().valSplit()), Boolean.toString(config.data().valDir() == null),
        optimizer.lrSchedule().name(), Integer.toString(optimizer.lrPatience()),
        Double.toString(optimizer.weightDecay()),
        Boolean.toString(optimizer.weightDecayBiases()), Double.toString(optimizer.labelSmoothing()),
        Double.toString(optimizer.emaDecay())));
    return fingerprint(settings);
  }

  private static String fileList(List<ImageSample> samples) {
    StringBuilder list = new StringBuilder();
    for (ImageSample sample : samples) {
      list.append(sample.label()).append(':').append(sample.path().getFileName()).append('\n');
    }
    return list.toString();
  }

  private static long fingerprint(String text) {
    return UUID.nameUUIDFromBytes(text.getBytes(StandardCharsets.UTF_8)).getMostSignificantBits();
  }

  private List<Integer> differentFromChief(long[] agreed) {
    int header = ClusterSums.header();
    List<Integer> different = new ArrayList<>();
    for (int task = 1; task < cluster.size(); task++) {
      if (agreed[header + task] != agreed[header]) {
        different.add(task);
      }
    }
    return different;
  }

  private static String tasks(List<Integer> tasks) {
    return (tasks.size() == 1 ? "task " : "tasks ")
        + tasks.stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("");
  }

  /** Closes the small sums' session, unless the handshake left a run in it that never ends (see above). */
  @Override
  public void close() {
    if (!handshakeAbandoned) {
      sums.close();
    }
  }
}
