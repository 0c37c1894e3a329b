package tftrain.train;

import java.util.List;
import java.util.function.BooleanSupplier;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import tftrain.data.EpochPlan;
import tftrain.data.PlannedBatch;

/** {@link Replica#SOLE}: one process trains on every batch with its own gradients and stops on its own. */
final class SingleProcess implements Replica {

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
  public ReplicaStep buildStep(Ops tf, ReplicaStep.Terms terms) {
    return new OwnStep(terms.gradients().own(tf));
  }

  @Override
  public EpochShare trainingShare(List<PlannedBatch> plan, int globalBatch) {
    return new EpochShare(plan, plan.stream().mapToLong(batch -> batch.samples().size()).sum());
  }

  @Override
  public List<PlannedBatch> validationShare(List<PlannedBatch> batches) {
    return batches;
  }

  @Override
  public long[] stepSeed(long seed, int epoch, int step) {
    return EpochPlan.stepSeed(seed, epoch, step);
  }

  @Override
  public boolean keepsEmptyBatches() {
    return false;
  }

  @Override
  public double[] sum(double[] values) {
    return values.clone();
  }

  @Override
  public String agreedStopReason(String local) {
    return local;
  }

  /** Asks now: a request that came during the step (or the epoch's validation) counts. */
  @Override
  public boolean agreedStop(boolean agreedInStep, BooleanSupplier local) {
    return local.getAsBoolean();
  }

  /** The step applies this process's own gradients and reports its own numbers. */
  private record OwnStep(List<Gradient> gradients) implements ReplicaStep {

    @Override
    public void buildStateSync(Ops tf, List<Variable<TFloat32>> weights, List<Variable<TFloat32>> slots) {}

    @Override
    public void syncState(Session session) {}

    @Override
    public SharedStep run(LocalRun step, TFloat32 images, TInt32 labels, boolean stopHere) {
      try (Result result = step.run(step.runner(images, labels))) {
        return new SharedStep(step.result(result, labels), stopHere);
      }
    }

    @Override
    public void endEpoch(int epoch, Session session, TrainingListener listener) {}
  }
}
