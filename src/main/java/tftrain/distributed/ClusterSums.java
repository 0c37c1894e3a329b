package tftrain.distributed;

import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt64;

/**
 * Sums of a few numbers over all workers, outside the training graph: the start-up handshake (the
 * chief's seed and position, every worker's settings and class-list checksums) and the validation
 * totals. Each is one small collective (a few milliseconds) in a graph and session of its own.
 */
public final class ClusterSums implements AutoCloseable {

  /** Instance keys of this graph; the training graph's start above them. */
  static final int FIRST_INSTANCE_KEY = 1;
  /** Longs of the handshake: a header, then one slot per worker. */
  private static final int HEADER = 8;
  private static final int DOUBLES = 8;

  private final ClusterSpec cluster;
  private final Graph graph;
  private final Session session;
  private final Placeholder<TInt64> handshakeIn;
  private final Operand<TInt64> handshakeOut;
  private final Placeholder<TInt64> checkIn;
  private final Operand<TInt64> checkOut;
  private final Placeholder<TFloat64> doublesIn;
  private final Operand<TFloat64> doublesOut;

  /**
   * @param startupSeconds how long the first handshake may wait for every worker to come up
   * @param timeoutSeconds how long any later sum may wait for a peer
   */
  public ClusterSums(WorkerServer server, ConfigProto config, float startupSeconds, float timeoutSeconds) {
    this.cluster = server.cluster();
    graph = new Graph();
    try {
      Collectives collectives = new Collectives(cluster, startupSeconds, FIRST_INSTANCE_KEY);
      Ops tf = Ops.create(graph).withDevice(collectives.device());
      int longs = HEADER + cluster.size();
      handshakeIn = tf.placeholder(TInt64.class, Placeholder.shape(Shape.of(longs)));
      handshakeOut = collectives.sum(tf, handshakeIn);
      Collectives later = new Collectives(cluster, timeoutSeconds, FIRST_INSTANCE_KEY + 1);
      checkIn = tf.placeholder(TInt64.class, Placeholder.shape(Shape.of(longs)));
      checkOut = later.sum(tf, checkIn);
      doublesIn = tf.placeholder(TFloat64.class, Placeholder.shape(Shape.of(DOUBLES)));
      doublesOut = later.sum(tf, doublesIn);
      session = server.openSession(graph, config);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /** Number of longs before the per-worker slots of {@link #handshake} and {@link #check}. */
  public static int header() {
    return HEADER;
  }

  /**
   * The first collective of the run: sums {@code values} (header + one slot per worker) over all workers,
   * waiting at most {@code deadlineSeconds} for all of them. A worker whose chief is not up retries for
   * ever inside TensorFlow, so the wait is bounded here; past it the process must end (the TensorFlow
   * call cannot be cancelled).
   */
  public long[] handshake(long[] values, long deadlineSeconds) {
    ExecutorService waiter = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "cluster-handshake");
      thread.setDaemon(true);
      return thread;
    });
    try {
      Future<long[]> sums = waiter.submit(() -> sumLongs(handshakeIn, handshakeOut, values));
      return sums.get(deadlineSeconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new ClusterFailure("no contact with every worker within " + deadlineSeconds + " s of start-up ("
          + PeerProbe.describeUnreachable(cluster) + "); start all workers, or raise --startup-timeout");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during the cluster handshake", e);
    } finally {
      waiter.shutdownNow();
    }
  }

  /** Sums a second round of header + per-worker longs over all workers. */
  public long[] check(long[] values) {
    return sumLongs(checkIn, checkOut, values);
  }

  /** Sums up to 8 doubles over all workers. */
  public double[] sum(double[] values) {
    if (values.length > DOUBLES) {
      throw new IllegalArgumentException("at most " + DOUBLES + " values per sum, got " + values.length);
    }
    try (TFloat64 in = TFloat64.vectorOf(Arrays.copyOf(values, DOUBLES));
        Result result = session.runner().feed(doublesIn, in).fetch(doublesOut).run()) {
      TFloat64 out = (TFloat64) result.get(0);
      double[] sums = new double[values.length];
      for (int i = 0; i < sums.length; i++) {
        sums[i] = out.getDouble(i);
      }
      return sums;
    }
  }

  private long[] sumLongs(Placeholder<TInt64> in, Operand<TInt64> out, long[] values) {
    int longs = HEADER + cluster.size();
    if (values.length != longs) {
      throw new IllegalArgumentException("expected " + longs + " values, got " + values.length);
    }
    try (TInt64 input = TInt64.vectorOf(values);
        Result result = session.runner().feed(in, input).fetch(out).run()) {
      TInt64 sums = (TInt64) result.get(0);
      long[] copy = new long[longs];
      for (int i = 0; i < longs; i++) {
        copy[i] = sums.getLong(i);
      }
      return copy;
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } finally {
      graph.close();
    }
  }
}
