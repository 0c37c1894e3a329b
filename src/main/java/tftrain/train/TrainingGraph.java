package tftrain.train;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.proto.StepStats;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import tftrain.model.AlexNet;
import tftrain.model.Dropout;
import tftrain.model.ModelSpec;
import tftrain.model.OpNames;
import tftrain.runtime.ComputeSettings;
import tftrain.runtime.GraphSession;
import tftrain.runtime.WeightsRestore;

/**
 * The training graph and its session: AlexNet with dropout, softmax cross-entropy, and momentum SGD
 * whose learning rate is fed each step, so that any schedule works (the framework's {@code Momentum}
 * optimizer bakes its rate in as a constant).
 *
 * <p>Gradients are taken for the network's own variables only ({@code Graph.addGradients}); the momentum
 * slots are created afterwards and are plain {@code VariableV2}s, so {@code Session.save} checkpoints
 * them and a resumed run continues exactly.
 */
public final class TrainingGraph implements AutoCloseable {

  private final GraphSession owner = new GraphSession();
  private final Session session;
  private final Placeholder<TFloat32> images;
  private final Placeholder<TInt32> labels;
  private final Placeholder<TFloat32> learningRate;
  private final Operand<TFloat32> dropoutRate;
  private final Operand<TInt64> dropoutSeed;
  private final Operand<TFloat32> loss;
  private final Operand<TFloat32> correctCount;
  private final Op trainStep;
  /** Global L2 norm of the gradients before clipping (NaN-free only while training is stable). */
  private Operand<TFloat32> gradientNorm;
  /** Each variable's gradient before clipping, in the order of {@code network.variables()}. */
  private List<Operand<TFloat32>> unclippedGradients;
  private final AlexNet.Network network;
  private final float trainingDropout;
  private final Replica replica;
  private final int imageSize;
  /** Replicated runs only: 1 in a step fed by a replica that was asked to stop (else 0). */
  private Operand<TFloat32> stopRequest;
  /** Replicated runs only: the batch's image count, fed as 0 for the stand-in of an empty batch. */
  private Operand<TFloat32> imageCount;
  /** Replicated runs only: [images, loss sum, correct, stop requests] of the step, summed over replicas. */
  private Operand<TFloat32> sharedStats;
  /** Replicated runs only: sets every variable, momentum included, to the chief's value. */
  private Op weightBroadcast;

  /**
   * What a training graph is made of, besides the replica it trains as.
   *
   * @param model the network's classes, input size, seed and init
   * @param dropout the dropout rate of training steps (0.5 in AlexNet); evaluation runs without
   * @param optimizer how the (reduced, clipped) gradients update the weights
   * @param clipping how the gradients are clipped before the update
   * @param compute threads and precision of the session
   */
  public record Settings(
      ModelSpec model, double dropout, MomentumSgd optimizer, GradientClipping clipping, ComputeSettings compute) {

    /** The training graph of a run of {@code config} on {@code numClasses} classes. */
    public static Settings of(TrainingConfig config, int numClasses) {
      return new Settings(config.modelSpec(numClasses), config.dropout(), new MomentumSgd(config.momentum()),
          new GradientClipping(config.clipNorm()), config.compute());
    }
  }

  /**
   * A training graph that is one replica of data-parallel training: its gradients are the mean over every
   * replica's images (all-reduced before clipping, so every replica applies the same update). With
   * {@link Replica#SOLE} it is the single-process graph.
   */
  public TrainingGraph(Settings settings, Replica replica) {
    this.trainingDropout = (float) settings.dropout();
    this.replica = replica;
    ModelSpec spec = settings.model();
    this.imageSize = spec.imageSize();
    try (GraphSession.Building building = owner.build()) {
      Ops tf = replica.place(building.ops());
      int size = spec.imageSize();
      images = tf.withName(OpNames.IMAGES).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, size, size, 3)));
      labels = tf.withName(OpNames.LABELS).placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
      learningRate = tf.withName(OpNames.LEARNING_RATE).placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      dropoutRate = tf.withName(OpNames.DROPOUT_RATE).placeholderWithDefault(tf.constant(0f), Shape.scalar());
      dropoutSeed =
          tf.withName(OpNames.DROPOUT_SEED).placeholderWithDefault(tf.constant(new long[] {0, 0}), Shape.of(2));

      network = AlexNet.build(tf, images, spec, new Dropout(dropoutRate, dropoutSeed));
      // The sparse op has no C++ gradient in TF 2.18; the dense one with one-hot labels does.
      Operand<TFloat32> oneHot =
          tf.oneHot(labels, tf.constant(spec.numClasses()), tf.constant(1f), tf.constant(0f));
      Operand<TFloat32> perImageLoss =
          tf.nn.softmaxCrossEntropyWithLogits(network.logits(), oneHot).loss();
      loss = tf.withName(OpNames.LOSS).math.mean(perImageLoss, tf.constant(0));
      Operand<TInt64> predicted = tf.math.argMax(network.logits(), tf.constant(1), TInt64.class);
      correctCount =
          tf.withName(OpNames.CORRECT_COUNT)
              .sum(
                  tf.dtypes.cast(
                      tf.math.equal(predicted, tf.dtypes.cast(labels, TInt64.class)), TFloat32.class),
                  tf.constant(0));
      List<Operand<TFloat32>> gradients = gradients(network.variables());
      if (replica.isReplicated()) {
        gradients = replicaMeanGradients(tf, gradients);
      }
      GradientClipping.Clipped clipped = settings.clipping().apply(tf, gradients);
      gradientNorm = clipped.norm();
      MomentumSgd.Update update =
          settings.optimizer().apply(tf, network.variables(), clipped.gradients(), learningRate);
      if (replica.isReplicated()) {
        List<Variable<TFloat32>> everything = new ArrayList<>(network.variables());
        everything.addAll(update.slots());
        weightBroadcast = broadcastFromChief(tf.withSubScope("broadcast"), everything);
      }
      trainStep = tf.withControlDependencies(update.updates()).withName(OpNames.TRAIN_STEP).noOp();
      session = building.startWith(graph -> replica.openSession(graph, settings.compute().sessionConfig()));
    }
  }

  /**
   * The gradient of the loss for each variable, in order: the per-step gradient path. What reaches
   * the optimizer from here is the step's update direction (reduced over replicas, clipped when asked).
   */
  private List<Operand<TFloat32>> gradients(List<Variable<TFloat32>> variables) {
    Output<?>[] targets = variables.stream().map(Variable::asOutput).toArray(Output<?>[]::new);
    List<Operand<TFloat32>> gradients = new ArrayList<>();
    for (Output<?> gradient : owner.graph().addGradients(loss.asOutput(), targets)) {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> typed = (Operand<TFloat32>) gradient;
      gradients.add(typed);
    }
    unclippedGradients = List.copyOf(gradients);
    return gradients;
  }

  /**
   * The mean gradient over all replicas' images: each replica's batch-mean gradient weighted by its image
   * count, summed by all-reduce, divided by the total count. Equal to one process's gradient over the
   * global batch, also when a replica's batch lost images that failed to decode (or all of them). The
   * step's statistics and stop requests travel in the same all-reduce.
   */
  private List<Operand<TFloat32>> replicaMeanGradients(Ops tf, List<Operand<TFloat32>> gradients) {
    Ops ops = tf.withSubScope("replicas");
    stopRequest = ops.withName("stop_request").placeholderWithDefault(ops.constant(0f), Shape.scalar());
    imageCount = ops.withName("image_count")
        .placeholderWithDefault(ops.dtypes.cast(ops.size(labels), TFloat32.class), Shape.scalar());
    Operand<TFloat32> images = imageCount;
    // The mean loss of an empty batch is NaN; it contributes nothing.
    Operand<TBool> hasImages = ops.math.greater(images, ops.constant(0f));
    Operand<TFloat32> lossSum = ops.select(hasImages, ops.math.mul(loss, images), ops.constant(0f));
    List<Operand<TFloat32>> contributions = new ArrayList<>();
    for (Operand<TFloat32> gradient : gradients) {
      // An empty batch's gradient is 0·(1/0): keep its NaNs out of everyone's sum.
      contributions.add(ops.select(hasImages, ops.math.mul(gradient, images), ops.zerosLike(gradient)));
    }
    Operand<TFloat32> correct = ops.select(hasImages, correctCount, ops.constant(0f));
    contributions.add(ops.stack(List.of(images, lossSum, correct, stopRequest)));
    List<Operand<TFloat32>> sums = replica.sumAcrossReplicas(ops, contributions);
    sharedStats = sums.get(sums.size() - 1);
    Operand<TFloat32> totalImages =
        ops.math.maximum(ops.slice(sharedStats, ops.constant(new long[] {0}), ops.constant(new long[] {1})),
            ops.constant(1f));
    Operand<TFloat32> scale = ops.reshape(ops.math.reciprocal(totalImages), ops.constant(new long[0]));
    List<Operand<TFloat32>> means = new ArrayList<>();
    for (int i = 0; i < gradients.size(); i++) {
      means.add(ops.math.mul(sums.get(i), scale));
    }
    return means;
  }

  /** Every replica's variables set to the chief's: the chief contributes its values, the others zeros. */
  private Op broadcastFromChief(Ops tf, List<Variable<TFloat32>> variables) {
    List<Operand<TFloat32>> contributions = new ArrayList<>();
    for (Variable<TFloat32> variable : variables) {
      contributions.add(replica.isChief() ? tf.identity(variable) : tf.zerosLike(variable));
    }
    List<Operand<TFloat32>> chiefValues = replica.sumAcrossReplicas(tf, contributions);
    List<Op> assignments = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      assignments.add(tf.assign(variables.get(i), chiefValues.get(i)));
    }
    return tf.withControlDependencies(assignments).noOp();
  }

  /** One SGD step on a batch; dropout masks come from {@code seed}, so the step is reproducible. */
  public StepResult train(TFloat32 batchImages, TInt32 batchLabels, double rate, long[] seed) {
    try (TFloat32 rateTensor = TFloat32.scalarOf((float) rate);
        TFloat32 dropoutTensor = TFloat32.scalarOf(trainingDropout);
        TInt64 seedTensor = TInt64.vectorOf(seed);
        Result result = trainRunner(batchImages, batchLabels, rateTensor, dropoutTensor, seedTensor).run()) {
      double norm = gradientNorm != null ? ((TFloat32) result.get(2)).getFloat() : Double.NaN;
      return stepResult(result, batchLabels, norm);
    }
  }

  /**
   * One SGD step like {@link #train} that also returns every variable's gradient before clipping, in the
   * order of {@code network().variables()}: what the precision self-check compares between precisions.
   */
  public GradientStep trainReturningGradients(TFloat32 batchImages, TInt32 batchLabels, double rate, long[] seed) {
    try (TFloat32 rateTensor = TFloat32.scalarOf((float) rate);
        TFloat32 dropoutTensor = TFloat32.scalarOf(trainingDropout);
        TInt64 seedTensor = TInt64.vectorOf(seed)) {
      Session.Runner runner = trainRunner(batchImages, batchLabels, rateTensor, dropoutTensor, seedTensor);
      unclippedGradients.forEach(runner::fetch);
      try (Result result = runner.run()) {
        int first = gradientNorm != null ? 3 : 2;
        List<float[]> values = new ArrayList<>();
        for (int i = 0; i < unclippedGradients.size(); i++) {
          values.add(floatsOf((TFloat32) result.get(first + i)));
        }
        double norm = gradientNorm != null ? ((TFloat32) result.get(2)).getFloat() : Double.NaN;
        return new GradientStep(stepResult(result, batchLabels, norm), values);
      }
    }
  }

  /** The logits of a batch without dropout, flattened [N × classes]. */
  public float[] logitsOf(TFloat32 batchImages) {
    try (Result result = session.runner().feed(images, batchImages).fetch(network.logits()).run()) {
      return floatsOf((TFloat32) result.get(0));
    }
  }

  private static float[] floatsOf(TFloat32 tensor) {
    float[] values = new float[(int) tensor.shape().size()];
    tensor.asRawTensor().data().asFloats().read(values);
    return values;
  }

  /** One SGD step like {@link #train}, with TensorFlow's per-op timings (for profiling, it is slower). */
  public StepStats traceTrainStep(TFloat32 batchImages, TInt32 batchLabels, double rate, long[] seed) {
    try (TFloat32 rateTensor = TFloat32.scalarOf((float) rate);
        TFloat32 dropoutTensor = TFloat32.scalarOf(trainingDropout);
        TInt64 seedTensor = TInt64.vectorOf(seed);
        Result result =
            trainRunner(batchImages, batchLabels, rateTensor, dropoutTensor, seedTensor)
                .setOptions(RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build())
                .runAndFetchMetadata()) {
      return result.getMetadata().orElseThrow().getStepStats();
    }
  }

  private Session.Runner trainRunner(
      TFloat32 batchImages, TInt32 batchLabels, TFloat32 rate, TFloat32 dropout, TInt64 seed) {
    Session.Runner runner =
        session
            .runner()
            .feed(images, batchImages)
            .feed(labels, batchLabels)
            .feed(learningRate, rate)
            .feed(dropoutRate, dropout)
            .feed(dropoutSeed, seed)
            .fetch(loss)
            .fetch(correctCount)
            .addTarget(trainStep);
    return gradientNorm != null ? runner.fetch(gradientNorm) : runner;
  }

  /** A replicated step's result: the statistics over all replicas' images, and whether any replica asked to stop. */
  public record SharedStep(StepResult step, boolean stopRequested) {}

  /**
   * One SGD step of a replicated run, in lockstep with the other replicas: the step's loss, accuracy and
   * image count are over all replicas' batches, and {@code stopRequested} is true on every replica when
   * any of them passed {@code stopHere}, so all stop after the same step.
   */
  public SharedStep trainShared(TFloat32 batchImages, TInt32 batchLabels, double rate, long[] seed, boolean stopHere) {
    if (sharedStats == null) {
      throw new IllegalStateException("trainShared needs a replicated training graph");
    }
    // TensorFlow's convolutions reject a batch of 0 images: an empty batch runs as one black image that
    // counts as none (its gradient, loss and accuracy are masked out). Zeros written explicitly: a new
    // tensor's memory is not cleared, and NaN garbage would reach the loss.
    boolean empty = batchLabels.shape().get(0) == 0;
    Shape standIn = Shape.of(1, imageSize, imageSize, 3);
    try (TFloat32 standInImages = empty ? TFloat32.tensorOf(standIn, DataBuffers.ofFloats(standIn.size())) : null;
        TInt32 standInLabels = empty ? TInt32.vectorOf(0) : null;
        TFloat32 noImages = empty ? TFloat32.scalarOf(0f) : null;
        TFloat32 rateTensor = TFloat32.scalarOf((float) rate);
        TFloat32 dropoutTensor = TFloat32.scalarOf(trainingDropout);
        TInt64 seedTensor = TInt64.vectorOf(seed);
        TFloat32 stopTensor = TFloat32.scalarOf(stopHere ? 1f : 0f)) {
      Session.Runner runner =
          trainRunner(empty ? standInImages : batchImages, empty ? standInLabels : batchLabels, rateTensor,
              dropoutTensor, seedTensor).feed(stopRequest, stopTensor).fetch(sharedStats);
      if (empty) {
        runner.feed(imageCount, noImages);
      }
      try (Result result = runner.run()) {
        return sharedStep(result);
      }
    }
  }

  private SharedStep sharedStep(Result result) {
    TFloat32 stats = (TFloat32) result.get(gradientNorm != null ? 3 : 2);
    double images = stats.getFloat(0);
    double norm = gradientNorm != null ? ((TFloat32) result.get(2)).getFloat() : Double.NaN;
    StepResult step =
        new StepResult(images > 0 ? stats.getFloat(1) / images : Double.NaN, Math.round(stats.getFloat(2)),
            (int) Math.round(images), norm);
    return new SharedStep(step, stats.getFloat(3) > 0);
  }

  /** Replicated runs: sets every replica's weights and momentum to the chief's (a no-op on one process). */
  public void broadcastWeightsFromChief() {
    if (weightBroadcast != null) {
      session.run(weightBroadcast);
    }
  }

  /** A CRC-32 over the network's weights, in variable order: equal on replicas that hold the same bits. */
  public long weightsChecksum() {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    for (Variable<TFloat32> variable : network.variables()) {
      try (Result result = session.runner().fetch(variable).run()) {
        TFloat32 value = (TFloat32) result.get(0);
        byte[] bytes = new byte[(int) value.asRawTensor().data().size()];
        value.asRawTensor().data().read(bytes);
        crc.update(bytes);
      }
    }
    return crc.getValue();
  }

  /** Loss and correct count on a batch, without dropout and without changing any weight. */
  public StepResult evaluate(TFloat32 batchImages, TInt32 batchLabels) {
    try (Result result =
        session.runner().feed(images, batchImages).feed(labels, batchLabels).fetch(loss).fetch(correctCount).run()) {
      return stepResult(result, batchLabels, Double.NaN);
    }
  }

  private static StepResult stepResult(Result result, TInt32 batchLabels, double gradientNorm) {
    double meanLoss = ((TFloat32) result.get(0)).getFloat();
    long correct = Math.round(((TFloat32) result.get(1)).getFloat());
    return new StepResult(meanLoss, correct, (int) batchLabels.shape().get(0), gradientNorm);
  }

  /** Writes every variable, momentum slots included, to the checkpoint {@code prefix}. */
  public void save(String prefix) {
    session.save(prefix);
  }

  /** Loads every variable from the checkpoint {@code prefix}. */
  public void restore(String prefix) {
    WeightsRestore.restore(session, prefix);
  }

  /** The network inside the training graph (its variables and layer shapes). */
  public AlexNet.Network network() {
    return network;
  }

  /** The session, for tests and profiling. */
  Session session() {
    return session;
  }

  @Override
  public void close() {
    owner.close();
  }
}
