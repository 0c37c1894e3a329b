package tftrain.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.proto.StepStats;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import tftrain.data.InGraphAugmentation;
import tftrain.model.AlexNet;
import tftrain.model.Dropout;
import tftrain.model.ModelSpec;
import tftrain.model.OpNames;
import tftrain.runtime.ComputeSettings;
import tftrain.runtime.GraphSession;
import tftrain.runtime.WeightsChecksum;
import tftrain.runtime.WeightsRestore;

/**
 * The training graph and its session: AlexNet with dropout and softmax cross-entropy, whose gradients
 * pass through the replica's step ({@link ReplicaStep}: unchanged on one process, the mean over all
 * workers in a multi-worker run), then {@link GradientClipping}, then {@link WeightDecay}, then
 * {@link MomentumSgd} with a learning rate fed each step; the loss's targets are {@link LabelSmoothing}'s.
 * One path for one process and for many: what differs is the {@link Replica}'s.
 *
 * <p>Gradients are taken for the network's own variables only ({@link NetworkGradients}); the momentum
 * slots are created afterwards and are plain {@code VariableV2}s, so {@code Session.save} checkpoints
 * them and a resumed run continues exactly.
 */
public final class TrainingGraph implements AutoCloseable {

  private final GraphSession owner = new GraphSession();
  private final Session session;
  /** The network's input: centre crops fed by evaluation, or by default the augmented training batch. */
  private final Operand<TFloat32> images;
  /** What a training step feeds: the network's input itself, or the squares in-graph augmentation crops. */
  private final Placeholder<TFloat32> trainingImages;
  private final Placeholder<TInt32> labels;
  private final Placeholder<TFloat32> learningRate;
  private final Operand<TFloat32> dropoutRate;
  private final Operand<TInt64> dropoutSeed;
  private final Operand<TFloat32> loss;
  private final Operand<TFloat32> correctCount;
  /** Softmax [N, classes] without dropout, fetched only by the validation variant of {@link #evaluate}. */
  private final Operand<TFloat32> probabilities;
  private final Op trainStep;
  /** Global L2 norm of the gradients before clipping (NaN-free while training is stable); null without clipping. */
  private final Operand<TFloat32> gradientNorm;
  /** Each variable's gradient before reduce and clipping, in the order of {@code network.variables()}. */
  private final List<Operand<TFloat32>> unclippedGradients;
  private final AlexNet.Network network;
  private final float trainingDropout;
  private final ReplicaStep replicaStep;
  /** The weights' moving average ({@link AveragedWeights#NONE} without averaging). */
  private final AveragedWeights averages;

  /**
   * What a training graph is made of, besides the replica it trains as.
   *
   * @param model the network's classes, input size, seed and init
   * @param dropout the dropout rate of training steps (0.5 in AlexNet); evaluation runs without
   * @param optimizer how the (reduced, clipped) gradients update the weights
   * @param clipping how the gradients are clipped before the update
   * @param compute threads and precision of the session
   * @param weightDecay the L2 decay added to the clipped gradients
   * @param labelSmoothing the loss's targets
   * @param averaging the moving average of the weights validation and checkpoints use
   * @param augmentation the random crops and colour changes of training batches
   * @param reduceDtype the type the gradients travel in between replicas (one process: none travel)
   */
  public record Settings(ModelSpec model, double dropout, MomentumSgd optimizer, GradientClipping clipping,
      ComputeSettings compute, WeightDecay weightDecay, LabelSmoothing labelSmoothing, WeightAveraging averaging,
      InGraphAugmentation augmentation, ReduceDtype reduceDtype) {

    /** Without weight decay, label smoothing and weight averaging. */
    public Settings(
        ModelSpec model, double dropout, MomentumSgd optimizer, GradientClipping clipping, ComputeSettings compute) {
      this(model, dropout, optimizer, clipping, compute, WeightDecay.OFF, LabelSmoothing.OFF, WeightAveraging.OFF,
          InGraphAugmentation.OFF, ReduceDtype.FP32);
    }

    /** The training graph of a run of {@code config} on {@code numClasses} classes. */
    public static Settings of(TrainingConfig config, int numClasses) {
      OptimizerSettings optimizer = config.optimizer();
      return new Settings(config.model().modelSpec(numClasses), config.model().dropout(),
          new MomentumSgd(optimizer.momentum()), new GradientClipping(optimizer.clipNorm()), config.compute(),
          new WeightDecay(optimizer.weightDecay(), optimizer.weightDecayBiases()),
          new LabelSmoothing(optimizer.labelSmoothing()), new WeightAveraging(optimizer.emaDecay()),
          new InGraphAugmentation(config.model().crop(), config.model().resize(), config.model().colorJitter()),
          optimizer.reduceDtype());
    }
  }

  /**
   * The training graph of one replica: with {@link Replica#SOLE} the single-process graph; with a worker of
   * a cluster its gradients are the mean over every replica's images (all-reduced before clipping, so
   * every replica applies the same update).
   */
  public TrainingGraph(Settings settings, Replica replica) {
    this.trainingDropout = (float) settings.dropout();
    ModelSpec spec = settings.model();
    try (GraphSession.Building building = owner.build()) {
      Ops tf = replica.place(building.ops());
      int size = spec.imageSize();
      InGraphAugmentation augmentation = settings.augmentation();
      int fedSide = augmentation.fedSide(size);
      // Training steps feed trainingImages; with in-graph augmentation the network's input is the augmented
      // batch unless fed directly, as validation and prediction do with centre crops.
      trainingImages = tf.withName(augmentation.isOff() ? OpNames.IMAGES : OpNames.TRAINING_IMAGES)
          .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, fedSide, fedSide, 3)));
      labels = tf.withName(OpNames.LABELS).placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
      learningRate = tf.withName(OpNames.LEARNING_RATE).placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
      dropoutRate = tf.withName(OpNames.DROPOUT_RATE).placeholderWithDefault(tf.constant(0f), Shape.scalar());
      dropoutSeed =
          tf.withName(OpNames.DROPOUT_SEED).placeholderWithDefault(tf.constant(new long[] {0, 0}), Shape.of(2));
      images = augmentation.isOff() ? trainingImages : tf.withName(OpNames.IMAGES).placeholderWithDefault(
          augmentation.apply(tf, trainingImages, size, dropoutSeed), Shape.of(-1, size, size, 3));

      network = AlexNet.build(tf, images, spec, new Dropout(dropoutRate, dropoutSeed));
      // The sparse op has no C++ gradient in TF 2.18; the dense one with one-hot labels does.
      Operand<TFloat32> targets = settings.labelSmoothing().targets(tf, labels, spec.numClasses());
      Operand<TFloat32> perImageLoss =
          tf.nn.softmaxCrossEntropyWithLogits(network.logits(), targets).loss();
      loss = tf.withName(OpNames.LOSS).math.mean(perImageLoss, tf.constant(0));
      Operand<TInt64> predicted = tf.math.argMax(network.logits(), tf.constant(1), TInt64.class);
      correctCount =
          tf.withName(OpNames.CORRECT_COUNT)
              .sum(
                  tf.dtypes.cast(
                      tf.math.equal(predicted, tf.dtypes.cast(labels, TInt64.class)), TFloat32.class),
                  tf.constant(0));
      probabilities = AlexNet.probabilities(tf, network.logits());
      NetworkGradients gradients = NetworkGradients.of(owner.graph(), loss, network);
      unclippedGradients = gradients.local(tf);
      replicaStep = replica.buildStep(tf, new ReplicaStep.Terms(labels, loss, correctCount, gradients, fedSide,
          settings.reduceDtype()));
      GradientClipping.Clipped clipped = settings.clipping().apply(tf, replicaStep.gradients());
      gradientNorm = clipped.norm();
      List<Operand<TFloat32>> decayed = settings.weightDecay().apply(tf, network.variables(), clipped.gradients());
      MomentumSgd.Update update = settings.optimizer().apply(tf, network.variables(), decayed, learningRate);
      averages = settings.averaging().build(tf, network.variables(), update.updates());
      List<Variable<TFloat32>> state = new ArrayList<>(update.slots());
      state.addAll(averages.averages());
      replicaStep.buildStateSync(tf, network.variables(), state);
      // The average's update is not part of the step: a step's runner adds it when it is due (StepControl).
      trainStep = tf.withControlDependencies(update.updates()).withName(OpNames.TRAIN_STEP).noOp();
      session = building.startWith(graph -> replica.openSession(graph, settings.compute().sessionConfig()));
    }
    try {
      averages.start(session);
    } catch (RuntimeException e) {
      owner.close(); // no TrainingGraph exists to close its graph and session
      throw e;
    }
  }

  /**
   * Puts the weights' moving average in the network's place (for validation and checkpoints), or the
   * trained weights back (for training); nothing to do without averaging or when already so. A restored
   * checkpoint has the average in place ({@link #restore}).
   */
  public void useAveragedWeights(boolean averaged) {
    averages.use(session, averaged);
  }

  /**
   * One SGD step on this replica's batch, in lockstep with the other replicas when there are any; dropout
   * masks come from {@code seed}, so the step is reproducible.
   *
   * @param stopHere this process was asked to stop (shared with the other replicas in the step)
   */
  public SharedStep step(TFloat32 batchImages, TInt32 batchLabels, StepControl control, boolean stopHere) {
    return step(batchImages, batchLabels, control, stopHere, null);
  }

  /**
   * One step like {@link #step(TFloat32, TInt32, StepControl, boolean)}, traced when {@code trace} is given:
   * it receives TensorFlow's per-op timings of the step (which make it slower).
   */
  public SharedStep step(TFloat32 batchImages, TInt32 batchLabels, StepControl control, boolean stopHere,
      Consumer<StepStats> trace) {
    try (StepFeeds feeds = new StepFeeds(control, trace)) {
      return replicaStep.run(feeds, batchImages, batchLabels, stopHere);
    }
  }

  /** One SGD step on a batch, nobody asked to stop: its result. */
  public StepResult train(TFloat32 batchImages, TInt32 batchLabels, StepControl control) {
    return step(batchImages, batchLabels, control, false).step();
  }

  /**
   * One SGD step like {@link #train} that also returns every variable's gradient before clipping, in the
   * order of {@code network().variables()}: what the precision self-check compares between precisions.
   */
  public GradientStep trainReturningGradients(TFloat32 batchImages, TInt32 batchLabels, StepControl control) {
    try (StepFeeds feeds = new StepFeeds(control, null)) {
      Session.Runner runner = feeds.runner(batchImages, batchLabels);
      unclippedGradients.forEach(runner::fetch);
      try (Result result = runner.run()) {
        List<float[]> values = new ArrayList<>();
        for (int i = 0; i < unclippedGradients.size(); i++) {
          values.add(floatsOf((TFloat32) result.get(feeds.fetchCount() + i)));
        }
        return new GradientStep(feeds.result(result, batchLabels), values);
      }
    }
  }

  /** One SGD step like {@link #train}, with TensorFlow's per-op timings (for profiling, it is slower). */
  public StepStats traceTrainStep(TFloat32 batchImages, TInt32 batchLabels, StepControl control) {
    List<StepStats> traced = new ArrayList<>();
    step(batchImages, batchLabels, control, false, traced::add);
    return traced.get(0);
  }

  /** The per-step tensors of a training step (rate, dropout, seed), and the step's runner over them. */
  private final class StepFeeds implements ReplicaStep.LocalRun, AutoCloseable {
    private final TFloat32 rate;
    private final TFloat32 dropout;
    private final TInt64 seed;
    /** The decay of the weight average's update after this step, or null when there is none. */
    private final TFloat32 averagingDecay;
    /** Receives the step's per-op timings, or null for an untraced step. */
    private final Consumer<StepStats> trace;

    StepFeeds(StepControl control, Consumer<StepStats> trace) {
      this.trace = trace;
      this.rate = TFloat32.scalarOf((float) control.rate());
      this.dropout = TFloat32.scalarOf(trainingDropout);
      this.seed = TInt64.vectorOf(control.dropoutSeed());
      this.averagingDecay = averages.decayTensor(control);
    }

    @Override
    public Session.Runner runner(TFloat32 batchImages, TInt32 batchLabels) {
      Session.Runner runner =
          session
              .runner()
              .feed(trainingImages, batchImages)
              .feed(labels, batchLabels)
              .feed(learningRate, rate)
              .feed(dropoutRate, dropout)
              .feed(dropoutSeed, seed)
              .fetch(loss)
              .fetch(correctCount)
              .addTarget(trainStep);
      averages.feed(runner, averagingDecay);
      return gradientNorm != null ? runner.fetch(gradientNorm) : runner;
    }

    @Override
    public Result run(Session.Runner runner) {
      if (trace == null) {
        return runner.run();
      }
      Result result = runner.setOptions(RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build())
          .runAndFetchMetadata();
      try {
        trace.accept(result.getMetadata().orElseThrow().getStepStats());
      } catch (RuntimeException e) {
        result.close();
        throw e;
      }
      return result;
    }

    @Override
    public int fetchCount() {
      return gradientNorm != null ? 3 : 2;
    }

    @Override
    public StepResult result(Result result, TInt32 batchLabels) {
      return stepResult(result, batchLabels, gradientNorm(result));
    }

    @Override
    public double gradientNorm(Result result) {
      return gradientNorm != null ? ((TFloat32) result.get(2)).getFloat() : Double.NaN;
    }

    @Override
    public void close() {
      try (rate; dropout; seed; averagingDecay) {
        // closes all four (a null one is skipped), also if one fails
      }
    }
  }

  /** Sets every replica's weights and momentum to the chief's (nothing to do on one process). */
  public void syncStateFromChief() {
    replicaStep.syncState(session);
  }

  /** Hands the replica's end-of-epoch report (a multi-worker run: its weights checksum) to {@code listener}. */
  public void endEpoch(int epoch, TrainingListener listener) {
    replicaStep.endEpoch(epoch, session, listener);
  }

  /** A CRC-32 over the network's weights, in variable order: equal on graphs that hold the same bits. */
  public long weightsChecksum() {
    return WeightsChecksum.of(session, network.variables());
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

  /** Loss and correct count on a batch, without dropout and without changing any weight. */
  public StepResult evaluate(TFloat32 batchImages, TInt32 batchLabels) {
    try (Result result =
        session.runner().feed(images, batchImages).feed(labels, batchLabels).fetch(loss).fetch(correctCount).run()) {
      return stepResult(result, batchLabels, Double.NaN);
    }
  }

  /**
   * As {@link #evaluate(TFloat32, TInt32)}, and each image's class probabilities [rows][classes] from the
   * same run to {@code perImage} (a softmax over the logits the loss needs anyway).
   */
  public StepResult evaluate(TFloat32 batchImages, TInt32 batchLabels, Consumer<float[][]> perImage) {
    try (Result result = session.runner().feed(images, batchImages).feed(labels, batchLabels)
        .fetch(loss).fetch(correctCount).fetch(probabilities).run()) {
      TFloat32 softmax = (TFloat32) result.get(2);
      int classes = (int) softmax.shape().get(1);
      float[] values = floatsOf(softmax);
      float[][] rows = new float[values.length / classes][];
      for (int row = 0; row < rows.length; row++) {
        rows[row] = Arrays.copyOfRange(values, row * classes, (row + 1) * classes);
      }
      perImage.accept(rows);
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

  /** Loads every variable from the checkpoint {@code prefix}: with averaging, the average is in place after. */
  public void restore(String prefix) {
    WeightsRestore.restore(session, prefix);
    averages.cameFromCheckpoint();
  }

  /**
   * Marks this replica's state as a checkpoint's (the average in place), when it came from the chief's
   * restored checkpoint by {@link #syncStateFromChief} rather than by {@link #restore}.
   */
  public void stateIsFromCheckpoint() {
    averages.cameFromCheckpoint();
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
