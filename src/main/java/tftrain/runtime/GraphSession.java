package tftrain.runtime;

import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;

/**
 * A graph and the one session that runs it, owned and closed together (session first). Build the graph
 * through {@link #build()} in a try-with-resources block that ends with {@link Building#start}: when building
 * fails before that, the graph is closed, so the owner's constructor needs no clean-up code of its own.
 */
public final class GraphSession implements AutoCloseable {

  private final Graph graph = new Graph();
  private Session session;

  /** The graph being built; close it to give up unless {@link #start} was reached. */
  public final class Building implements AutoCloseable {

    private Building() {}

    /** Ops that add to the graph. */
    public Ops ops() {
      return Ops.create(graph);
    }

    /** Starts the session on the finished graph; {@code config} null means TensorFlow's defaults. */
    public Session start(ConfigProto config) {
      session = config == null ? new Session(graph) : new Session(graph, config);
      return session;
    }

    /**
     * Starts the session the caller opens on the finished graph (e.g. on a TensorFlow server's target);
     * it is owned and closed like one from {@link #start(ConfigProto)}.
     */
    public Session startWith(java.util.function.Function<Graph, Session> opener) {
      session = opener.apply(graph);
      return session;
    }

    @Override
    public void close() {
      if (session == null) {
        graph.close();
      }
    }
  }

  /** Starts building the graph. */
  public Building build() {
    return new Building();
  }

  public Graph graph() {
    return graph;
  }

  public Session session() {
    return session;
  }

  @Override
  public void close() {
    try {
      if (session != null) {
        session.close();
      }
    } finally {
      graph.close();
    }
  }
}
