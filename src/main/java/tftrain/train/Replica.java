package tftrain.train;

import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * This process's part in data-parallel training: which replica it is and how its training graph talks to
 * the others. {@link #SOLE} is the single-process run, for which every hook is the identity, so the graph
 * and the loop are exactly those of a run without it. The multi-worker implementation lives in
 * {@code tftrain.distributed}.
 */
public interface Replica {

  /** A run on one process: nothing to share. */
  Replica SOLE = new Replica() {
    @Override
    public int index() {
      return 0;
    }

    @Override
    public int count() {
      return 1;
    }

    @Override
    public Ops place(Ops tf) {
      return tf;
    }

    @Override
    public Session openSession(Graph graph, ConfigProto config) {
      return new Session(graph, config);
    }

    @Override
    public List<Operand<TFloat32>> sumAcrossReplicas(Ops tf, List<Operand<TFloat32>> values) {
      return values;
    }

    @Override
    public double[] sum(double[] values) {
      return values.clone();
    }
  };

  /** This replica's index; 0 is the chief, the only one that writes the run folder. */
  int index();

  /** How many replicas train together. */
  int count();

  default boolean isChief() {
    return index() == 0;
  }

  default boolean isReplicated() {
    return count() > 1;
  }

  /** The scope a training graph builds its ops in (pinned to this replica's device). */
  Ops place(Ops tf);

  /** The session of a graph built in {@link #place}; its variables are initialized or initialize themselves. */
  Session openSession(Graph graph, ConfigProto config);

  /** Graph ops that sum each tensor element-wise over all replicas (each replica builds the same list). */
  List<Operand<TFloat32>> sumAcrossReplicas(Ops tf, List<Operand<TFloat32>> values);

  /** Sums a few numbers over all replicas, now (every replica must call it at the same point). */
  double[] sum(double[] values);
}
