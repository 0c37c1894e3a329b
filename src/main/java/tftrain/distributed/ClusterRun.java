package tftrain.distributed;

import java.io.IOException;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import tftrain.BadInputException;
import tftrain.TensorFlowErrors;
import tftrain.data.TrainValData;
import tftrain.train.RunLauncher;
import tftrain.train.Trainer;
import tftrain.train.TrainingConfig;
import tftrain.train.TrainingListener;
import tftrain.train.TrainingState;

/**
 * This process as one worker of a multi-worker run, from joining the cluster to the run's end: start the
 * worker's server, agree on the run with the others (the chief's seed, epochs, early stopping and
 * position), check that all read the same data, then train in lockstep through the worker's
 * {@link tftrain.train.Replica}. A lost peer ends the worker with one line that names it and says how to
 * restart.
 */
public final class ClusterRun {

  /** What the caller lends a worker besides its listener: where its lines go, and its stop request. */
  public interface Console {
    /** A line for standard output. */
    void say(String line);

    /** A note for standard error. */
    void note(String line);

    /** The chief's data is loaded, before training (the console may warn about class names it cannot show). */
    void dataKnown(TrainValData data);

    /** From now on a stop request (Ctrl-C) lets the step finish; before, during start-up, it ends the process. */
    BooleanSupplier stopSignal();
  }

  private final ClusterSpec cluster;
  private final int startupSeconds;
  private final int collectiveSeconds;

  /**
   * @param startupSeconds how long to wait at start-up for every worker
   * @param collectiveSeconds how long any collective afterwards may wait for a peer
   */
  public ClusterRun(ClusterSpec cluster, int startupSeconds, int collectiveSeconds) {
    if (collectiveSeconds < 1 || startupSeconds < 1) {
      throw new BadInputException("--collective-timeout and --startup-timeout must be at least 1 second");
    }
    this.cluster = cluster;
    this.startupSeconds = startupSeconds;
    this.collectiveSeconds = collectiveSeconds;
  }

  public ClusterSpec cluster() {
    return cluster;
  }

  /**
   * Trains this worker's part of the run. The chief comes with its run folder prepared and locked and its
   * data loaded ({@code chiefRun}); another worker with null and its own options as {@code localConfig}: it
   * writes nothing, and loads the data once it knows the chief's seed (which a --val-split carve depends on).
   *
   * @param precisionNote the precision and why, as the caller chose it
   */
  public Trainer.Outcome train(TrainingConfig localConfig, RunLauncher.PreparedRun chiefRun, String precisionNote,
      TrainingListener listener, Console console) throws IOException {
    boolean chief = cluster.isChief();
    if (localConfig.loop().batchSize() % cluster.size() != 0) {
      throw new BadInputException("--batch-size " + localConfig.loop().batchSize()
          + " (the global batch) does not split evenly over " + cluster.size() + " workers");
    }
    console.say(String.format(Locale.ROOT, "Cluster: worker %d of %d (%s)%s", cluster.task(), cluster.size(),
        cluster.address(), chief ? ", chief" : ""));
    try (WorkerGroup group =
        WorkerGroup.join(cluster, localConfig.compute().sessionConfig(), startupSeconds, collectiveSeconds,
            localConfig.loop().batchSize())) {
      TrainingConfig config;
      TrainValData data;
      WorkerGroup.Start start;
      try {
        start = group.agree(localConfig, chief ? chiefRun.resumeState() : null);
        config = chief ? localConfig : start.adopt(localConfig);
        data = chief ? chiefRun.data() : RunLauncher.loadData(config);
        group.checkData(data);
      } catch (RuntimeException e) {
        throw lostCluster(e, "at start-up");
      }
      if (chief) {
        console.dataKnown(data);
      }
      TrainingState position = chief ? chiefRun.resumeState() : group.startState(start, data.classes(), config);
      BooleanSupplier stop = console.stopSignal();
      Trainer.Setup setup =
          new Trainer.Setup(config, data, chief ? chiefRun.runDir() : null, precisionNote, group.replica());
      try {
        return new Trainer(setup, listener, stop).run(position);
      } catch (RuntimeException e) {
        throw lostCluster(e, "during training");
      }
    }
  }

  /** A TensorFlow error in a collective means a peer is gone: one line naming it, and how to restart. */
  private RuntimeException lostCluster(RuntimeException error, String when) {
    Throwable tensorFlow = TensorFlowErrors.find(error);
    if (tensorFlow == null) {
      return error;
    }
    return new ClusterFailure("worker " + cluster.task() + " lost the cluster " + when + ": "
        + PeerProbe.describeUnreachable(cluster) + " (TensorFlow: " + TensorFlowErrors.essence(tensorFlow) + ");"
        + " restart every worker: the chief with --resume RUN, the others with their original command", error);
  }
}
