package tftrain.distributed;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiFunction;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import tftrain.runtime.WeightsChecksum;
import tftrain.train.Gradient;
import tftrain.train.NetworkGradients;
import tftrain.train.ReplicaStep;
import tftrain.train.SharedStep;
import tftrain.train.StepResult;
import tftrain.train.TrainingListener;

/**
 * A worker's step of data-parallel training: the gradient is the mean over all workers' images, each
 * worker's batch-mean gradient weighted by its image count, summed over workers and divided by the total
 * count. The convolutions' gradients are summed by all-reduce in buckets; a fully connected layer's, where
 * that moves fewer bytes, by gathering its factors ({@link FactorExchange}). That equals one process's gradient
 * over the global batch, also when a worker's batch lost images that failed to decode (or all of them). The
 * step's statistics and stop requests travel in an all-reduce of their own, so every worker reports the same
 * numbers and stops after the same step.
 */
final class ReplicaMeanStep implements ReplicaStep {

  /** Element-wise sums over all workers of a list of tensors, as graph ops (each worker builds the same list). */
  interface GraphSum extends BiFunction<Ops, List<Operand<TFloat32>>, List<Operand<TFloat32>>> {}

  /** Sums as the gradients travel ({@code --reduce-dtype}), in buckets. */
  private final GraphSum gradientSum;
  /** Exact sums: the step's counts and the chief's state. */
  private final GraphSum exactSum;
  private final boolean chief;
  private final int imageSize;
  /** 1 in a step fed by a worker that was asked to stop (else 0). */
  private final Operand<TFloat32> stopRequest;
  /** The batch's image count, fed as 0 for the stand-in of an empty batch. */
  private final Operand<TFloat32> imageCount;
  /** [images, loss sum, correct, stop requests] of the step, summed over workers. */
  private final Operand<TFloat32> sharedStats;
  private final List<Gradient> meanGradients;
  /** Sets every variable, momentum included, to the chief's value. */
  private Op stateBroadcast;
  private List<Variable<TFloat32>> weights = List.of();

  ReplicaMeanStep(Ops tf, Terms terms, GraphSum gradientSum, GraphSum exactSum, FactorExchange factors,
      boolean chief) {
    this.gradientSum = gradientSum;
    this.exactSum = exactSum;
    this.chief = chief;
    this.imageSize = terms.imageSize();
    Ops ops = tf.withSubScope("replicas");
    stopRequest = ops.withName("stop_request").placeholderWithDefault(ops.constant(0f), Shape.scalar());
    imageCount = ops.withName("image_count")
        .placeholderWithDefault(ops.dtypes.cast(ops.size(terms.labels()), TFloat32.class), Shape.scalar());
    Operand<TFloat32> images = imageCount;
    // The mean loss of an empty batch is NaN; it contributes nothing.
    Operand<TBool> hasImages = ops.math.greater(images, ops.constant(0f));
    Operand<TFloat32> lossSum = ops.select(hasImages, ops.math.mul(terms.loss(), images), ops.constant(0f));
    // An empty batch runs as one stand-in image with a finite gradient, so weighting it by 0 zeroes it: one
    // pass over each gradient, not a zeros tensor and a select as large as the network per step.
    Operand<TFloat32> weight = ops.select(hasImages, images, ops.constant(0f));
    Operand<TFloat32> correct = ops.select(hasImages, terms.correctCount(), ops.constant(0f));
    // Its own small collective, exact whatever the gradients travel in; it runs as soon as the loss exists.
    sharedStats = exactSum.apply(ops, List.of(ops.stack(List.of(images, lossSum, correct, stopRequest)))).get(0);
    Operand<TFloat32> totalImages =
        ops.math.maximum(ops.slice(sharedStats, ops.constant(new long[] {0}), ops.constant(new long[] {1})),
            ops.constant(1f));
    Operand<TFloat32> scale = ops.reshape(ops.math.reciprocal(totalImages), ops.constant(new long[0]));
    NetworkGradients gradients = terms.gradients();
    List<Operand<TFloat32>> local = gradients.local(ops);
    List<Gradient> means = new ArrayList<>(Collections.nCopies(gradients.size(), null));
    // Layers whose factors are smaller travel as factors; their gathers start as soon as backprop passes them, and
    // the mean's 1/images scales the gathered rows, not the 54 M products.
    for (NetworkGradients.DenseFactors layer : gradients.factors()) {
      if (factors.pays(layer)) {
        FactorExchange.Means layerMeans = factors.mean(ops, layer, weight, scale);
        means.set(layer.kernelIndex(), layerMeans.kernel());
        means.set(layer.biasIndex(), layerMeans.bias());
      }
    }
    List<Integer> summed = new ArrayList<>();
    List<Operand<TFloat32>> contributions = new ArrayList<>();
    for (int i = 0; i < gradients.size(); i++) {
      if (means.get(i) == null) {
        summed.add(i);
        contributions.add(ops.math.mul(local.get(i), weight));
      }
    }
    List<Operand<TFloat32>> bucketSums = gradientSum.apply(ops, contributions);
    for (int k = 0; k < summed.size(); k++) {
      means.set(summed.get(k), new Gradient.Whole(ops.math.mul(bucketSums.get(k), scale)));
    }
    meanGradients = List.copyOf(means);
  }

  @Override
  public List<Gradient> gradients() {
    return meanGradients;
  }

  /** Every worker's variables set to the chief's: the chief contributes its values, the others zeros. */
  @Override
  public void buildStateSync(Ops tf, List<Variable<TFloat32>> weights, List<Variable<TFloat32>> slots) {
    this.weights = List.copyOf(weights);
    Ops ops = tf.withSubScope("broadcast");
    List<Variable<TFloat32>> variables = new ArrayList<>(weights);
    variables.addAll(slots);
    List<Operand<TFloat32>> contributions = new ArrayList<>();
    for (Variable<TFloat32> variable : variables) {
      contributions.add(chief ? ops.identity(variable) : ops.zerosLike(variable));
    }
    List<Operand<TFloat32>> chiefValues = exactSum.apply(ops, contributions);
    List<Op> assignments = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      assignments.add(ops.assign(variables.get(i), chiefValues.get(i)));
    }
    stateBroadcast = ops.withControlDependencies(assignments).noOp();
  }

  @Override
  public void syncState(Session session) {
    session.run(stateBroadcast);
  }

  /**
   * A step in lockstep with the other workers. TensorFlow's convolutions reject a batch of 0 images: an
   * empty batch runs as one black image that counts as none (its gradient, loss and accuracy are masked
   * out). Zeros written explicitly: a new tensor's memory is not cleared, and NaN garbage would reach the
   * loss.
   */
  @Override
  public SharedStep run(LocalRun step, TFloat32 images, TInt32 labels, boolean stopHere) {
    boolean empty = labels.shape().get(0) == 0;
    Shape standIn = Shape.of(1, imageSize, imageSize, 3);
    try (TFloat32 standInImages = empty ? TFloat32.tensorOf(standIn, DataBuffers.ofFloats(standIn.size())) : null;
        TInt32 standInLabels = empty ? TInt32.vectorOf(0) : null;
        TFloat32 noImages = empty ? TFloat32.scalarOf(0f) : null;
        TFloat32 stopTensor = TFloat32.scalarOf(stopHere ? 1f : 0f)) {
      Session.Runner runner = step.runner(empty ? standInImages : images, empty ? standInLabels : labels)
          .feed(stopRequest, stopTensor)
          .fetch(sharedStats);
      if (empty) {
        runner.feed(imageCount, noImages);
      }
      try (Result result = step.run(runner)) {
        TFloat32 stats = (TFloat32) result.get(step.fetchCount());
        double stepImages = stats.getFloat(0);
        StepResult shared =
            new StepResult(stepImages > 0 ? stats.getFloat(1) / stepImages : Double.NaN, Math.round(stats.getFloat(2)),
                (int) Math.round(stepImages), step.gradientNorm(result));
        return new SharedStep(shared, stats.getFloat(3) > 0);
      }
    }
  }

  /** The weights' checksum after each epoch: equal on every worker while they stay in lockstep. */
  @Override
  public void endEpoch(int epoch, Session session, TrainingListener listener) {
    listener.onWeightsChecksum(epoch, WeightsChecksum.of(session, weights));
  }
}
