package tftrain.distributed;

import org.tensorflow.Graph;
import org.tensorflow.Server;
import org.tensorflow.Session;
import org.tensorflow.TargetSessions;
import org.tensorflow.proto.ClusterDef;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.JobDef;
import org.tensorflow.proto.ServerDef;
import tftrain.BadInputException;

/**
 * This worker's TensorFlow gRPC server: the endpoint its peers' collectives talk to, and the master that
 * runs this process's sessions.
 *
 * <p>It lives as long as the process: TensorFlow does not implement stopping a server
 * ({@code Server.stop()} fails with "Unimplemented"), so a worker ends by ending its process.
 */
public final class WorkerServer {

  private final ClusterSpec cluster;
  /** Kept referenced so the native server is never collected while the process runs. */
  private final Server server;

  private WorkerServer(ClusterSpec cluster, Server server) {
    this.cluster = cluster;
    this.server = server;
  }

  /** Starts the server of {@code cluster}'s own task; a port in use is a one-line error. */
  public static WorkerServer start(ClusterSpec cluster) {
    JobDef.Builder job = JobDef.newBuilder().setName(ClusterSpec.JOB);
    for (int task = 0; task < cluster.size(); task++) {
      job.putTasks(task, cluster.workers().get(task));
    }
    ServerDef definition =
        ServerDef.newBuilder()
            .setCluster(ClusterDef.newBuilder().addJob(job))
            .setJobName(ClusterSpec.JOB)
            .setTaskIndex(cluster.task())
            .setProtocol("grpc")
            // Without the leader in the server's own default config, every worker waits for the others
            // to lead the collective group and all time out.
            .setDefaultSessionConfig(withCollectiveLeader(
                ConfigProto.newBuilder().setInterOpParallelismThreads(interOpThreads())))
            .build();
    try {
      Server server = new Server(definition);
      server.start();
      return new WorkerServer(cluster, server);
    } catch (RuntimeException e) {
      throw new BadInputException(
          "cannot start the TensorFlow server of task " + cluster.task() + " on " + cluster.address() + ": "
              + tftrain.TensorFlowErrors.essence(e) + " (is the port in use, or the host not this machine?)", e);
    }
  }

  /**
   * A session on {@code graph} run by this worker's server. Its ops stay on this worker (device filter)
   * except the collectives, which meet their peers through the server. Initializers do not run by
   * themselves: call {@code initialize()} or restore a checkpoint first.
   */
  public Session openSession(Graph graph, ConfigProto base) {
    ConfigProto.Builder config =
        base.toBuilder().clearDeviceFilters().addDeviceFilters(ClusterSpec.taskName(cluster.task()));
    return TargetSessions.open(graph, cluster.target(), withCollectiveLeader(config));
  }

  /**
   * The server's pool for running graph steps. TensorFlow sizes it by the schedulable cores, so a worker
   * pinned to one core got one thread: the executor then ran backprop inline and queued the fc gradients
   * and their all-reduces behind it, and no transfer overlapped the convolution gradients. Four threads
   * let them start as soon as their inputs exist (measured on one core per host: docs/multi-worker.md).
   */
  private static int interOpThreads() {
    return Math.max(4, Runtime.getRuntime().availableProcessors());
  }

  private static ConfigProto withCollectiveLeader(ConfigProto.Builder config) {
    config.getExperimentalBuilder().setCollectiveGroupLeader(ClusterSpec.taskName(0));
    return config.build();
  }

  /** The cluster this server belongs to. */
  public ClusterSpec cluster() {
    return cluster;
  }

  @Override
  public String toString() {
    return "WorkerServer[" + cluster.target() + ", " + server + "]";
  }
}
