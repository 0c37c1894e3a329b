package tftrain.cli;

import picocli.CommandLine.Option;
import tftrain.BadInputException;
import tftrain.distributed.ClusterRun;
import tftrain.distributed.ClusterSpec;
import tftrain.distributed.WorkerGroup;
import tftrain.train.ReduceDtype;
import tftrain.train.TrainingConfig;

/**
 * {@code train}'s multi-worker options: the cluster (or TF_CONFIG), this worker's index, the timeouts, and the
 * type the gradients travel in (the only one that is part of the run's config: it changes what is computed).
 */
final class ClusterOptions {

  @Option(names = "--cluster", paramLabel = "HOST:PORT,…",
      description = "Multi-worker training: every worker's host:port, the same list on each (or set TF_CONFIG).")
  String cluster;

  @Option(names = "--task", paramLabel = "N",
      description = "This worker's index in --cluster; 0 is the chief, which writes the run folder.")
  Integer task;

  @Option(names = "--collective-timeout", paramLabel = "SECONDS",
      description = "Multi-worker: how long a worker waits for a peer in a step before giving up "
          + "(default: ${DEFAULT-VALUE}).")
  int collectiveTimeout = WorkerGroup.DEFAULT_COLLECTIVE_TIMEOUT_SECONDS;

  @Option(names = "--startup-timeout", paramLabel = "SECONDS",
      description = "Multi-worker: how long to wait at start-up for every worker to come up "
          + "(default: ${DEFAULT-VALUE}).")
  int startupTimeout = WorkerGroup.DEFAULT_STARTUP_TIMEOUT_SECONDS;

  @Option(names = "--reduce-dtype", paramLabel = "TYPE",
      description = "Multi-worker: the type the gradients travel in, fp32 (exact), bf16 or fp16 (half the bytes; "
          + "default: ${DEFAULT-VALUE}).")
  ReduceDtype reduceDtype = TrainingConfig.Defaults.REDUCE_DTYPE;

  void applyTo(TrainingConfig.Builder config) {
    config.reduceDtype(reduceDtype);
  }

  /**
   * This process's worker of a multi-worker run, from --cluster/--task or TF_CONFIG, or null for a
   * single-process run.
   *
   * @param resuming whether --resume was given, which only the chief takes
   */
  ClusterRun run(boolean resuming) {
    ClusterSpec spec = spec();
    if (spec == null) {
      return null;
    }
    ClusterRun run = new ClusterRun(spec, startupTimeout, collectiveTimeout);
    if (resuming && !spec.isChief()) {
      throw new BadInputException("only the chief (task 0) takes --resume; start worker " + spec.task()
          + " with its original command, it continues from the chief's checkpoint");
    }
    return run;
  }

  private ClusterSpec spec() {
    String tfConfig = System.getenv(ClusterSpec.TF_CONFIG);
    if (cluster != null || task != null) {
      if (tfConfig != null && !tfConfig.isBlank()) {
        throw new BadInputException("give --cluster/--task or set TF_CONFIG, not both");
      }
      return ClusterSpec.parse(cluster, task);
    }
    return tfConfig != null && !tfConfig.isBlank() ? ClusterSpec.fromTfConfig(tfConfig) : null;
  }
}
