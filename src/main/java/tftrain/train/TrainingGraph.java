package tftrain.train;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Output;
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

  /**
   * @param dropout the dropout rate of training steps (0.5 in AlexNet); evaluation runs without
   * @param momentum the SGD momentum (PyTorch's and TensorFlow's updates agree: v = μv + g, w -= lr·v)
   * @param clipNorm scale the gradients down when their global L2 norm exceeds this; 0 turns clipping off
   */
  public TrainingGraph(ModelSpec spec, float dropout, float momentum, float clipNorm, ComputeSettings compute) {
    this.trainingDropout = dropout;
    try (GraphSession.Building building = owner.build()) {
      Ops tf = building.ops();
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
      if (clipNorm > 0) {
        gradients = clipByGlobalNorm(tf.withSubScope("clip"), gradients, clipNorm);
      }
      trainStep = applyMomentum(tf, network.variables(), gradients, momentum);
      session = building.start(compute.sessionConfig());
    }
  }

  /**
   * The gradient of the loss for each variable, in order: the per-step gradient path. What reaches
   * {@link #applyMomentum} from here is the step's update direction (clipped when asked).
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

  /** One momentum slot per variable, made after the gradients so they are not differentiated, and the update. */
  private Op applyMomentum(Ops tf, List<Variable<TFloat32>> variables, List<Operand<TFloat32>> gradients,
      float momentum) {
    Ops slots = tf.withSubScope("momentum");
    Operand<TFloat32> momentumValue = tf.constant(momentum);
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      Variable<TFloat32> variable = variables.get(i);
      String slotName = variable.op().name().replace('/', '_');
      Ops init = slots.withInitScope();
      Variable<TFloat32> accumulator =
          init.withName(slotName)
              .variable(init.zeros(init.constant(variable.shape().asArray()), TFloat32.class));
      updates.add(tf.train.applyMomentum(variable, accumulator, learningRate, gradients.get(i), momentumValue));
    }
    return tf.withControlDependencies(updates).withName(OpNames.TRAIN_STEP).noOp();
  }

  /**
   * Scales all gradients by clipNorm / max(norm, clipNorm), norm being their global L2 norm: a step can
   * move the weights only so far, which keeps the seed's recipe (lr 0.01, momentum 0.9, no batch norm)
   * from diverging on an unlucky batch. A non-finite norm zeroes the step's gradients instead of writing
   * NaN into every weight.
   */
  private List<Operand<TFloat32>> clipByGlobalNorm(Ops tf, List<Operand<TFloat32>> gradients, float clipNorm) {
    List<Operand<TFloat32>> halfSquares = new ArrayList<>();
    for (Operand<TFloat32> gradient : gradients) {
      halfSquares.add(tf.nn.l2Loss(gradient));
    }
    gradientNorm =
        tf.withName("global_norm").math.sqrt(tf.math.mul(tf.math.addN(halfSquares), tf.constant(2f)));
    Operand<TFloat32> clip = tf.constant(clipNorm);
    Operand<TFloat32> scale = tf.math.div(clip, tf.math.maximum(gradientNorm, clip));
    Operand<TFloat32> safeScale = tf.select(tf.math.isFinite(gradientNorm), scale, tf.constant(0f));
    List<Operand<TFloat32>> clipped = new ArrayList<>();
    for (Operand<TFloat32> gradient : gradients) {
      clipped.add(tf.math.mul(gradient, safeScale));
    }
    return clipped;
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
