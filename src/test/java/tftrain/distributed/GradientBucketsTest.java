package tftrain.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import tftrain.model.AlexNet;
import tftrain.model.Dropout;
import tftrain.model.ModelSpec;
import tftrain.runtime.ComputeSettings;
import tftrain.runtime.Precision;
import tftrain.train.GradientClipping;
import tftrain.train.MomentumSgd;
import tftrain.train.Replica;
import tftrain.train.ReplicaStep;
import tftrain.train.TrainingGraph;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.tensorflow.GraphOperation;
import org.tensorflow.proto.ConfigProto;
import tftrain.data.PlannedBatch;

/** The bucket plan of the all-reduce, and that cutting and packing give every tensor back unchanged. */
class GradientBucketsTest {

  /** AlexNet's variables at 224 for 2 classes, in the network's order (conv1 weights … fc8 bias). */
  private static List<Shape> alexNetShapes() {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      var images = tf.placeholder(TFloat32.class, org.tensorflow.op.core.Placeholder.shape(Shape.of(-1, 224, 224, 3)));
      AlexNet.Network network =
          AlexNet.build(tf, images, new ModelSpec(2, 224, 1),
              new Dropout(tf.constant(0f), tf.constant(new long[] {0, 0})));
      return network.variables().stream().map(Operand::shape).toList();
    }
  }

  @Test
  void bucketsFollowBackpropOrderCutTheLargeAndPackTheSmall() {
    List<Shape> shapes = alexNetShapes();
    long total = shapes.stream().mapToLong(Shape::size).sum();
    assertEquals(58_289_538L, total);
    List<List<GradientBuckets.Piece>> buckets = new GradientBuckets((total + 31) / 32).plan(shapes);
    int last = shapes.size() - 1;
    assertEquals(last, buckets.get(0).get(0).index(), "fc8's bias first: backprop's first gradient");
    assertTrue(buckets.get(buckets.size() - 1).stream().anyMatch(piece -> piece.index() == 0), "conv1 last");
    // Every element in exactly one bucket, and no bucket more than the target (a small tensor never cut).
    long covered = buckets.stream().flatMap(List::stream).mapToLong(GradientBuckets.Piece::size).sum();
    assertEquals(total, covered);
    long target = (total + 31) / 32;
    for (List<GradientBuckets.Piece> bucket : buckets) {
      assertTrue(bucket.stream().mapToLong(GradientBuckets.Piece::size).sum() <= target, bucket.toString());
    }
    int fc6Weights = last - 5;
    long fc6Pieces = buckets.stream().filter(b -> b.size() == 1 && b.get(0).index() == fc6Weights).count();
    assertEquals(21, fc6Pieces, "fc6's 37.7 M weights in pieces of rows");
    // Indexes never go up along the plan: a bucket waits only for gradients backprop has already made.
    int previous = Integer.MAX_VALUE;
    for (List<GradientBuckets.Piece> bucket : buckets) {
      for (GradientBuckets.Piece piece : bucket) {
        assertTrue(piece.index() <= previous, buckets.toString());
        previous = piece.index();
      }
    }
  }

  @Test
  void cutAndPackedTensorsComeBackAsTheyWere() {
    List<Shape> shapes = List.of(Shape.of(5, 3), Shape.of(3), Shape.of(10, 2), Shape.scalar(), Shape.of(2, 2));
    try (Graph graph = new Graph(); Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      List<Operand<TFloat32>> values = new ArrayList<>();
      List<float[]> expected = new ArrayList<>();
      float next = 1;
      for (Shape shape : shapes) {
        float[] data = new float[(int) shape.size()];
        for (int i = 0; i < data.length; i++) {
          data[i] = next++;
        }
        expected.add(data);
        values.add(tf.constant(shape, DataBuffers.of(data)));
      }
      List<List<GradientBuckets.Piece>> plan = new GradientBuckets(6).plan(shapes);
      assertTrue(plan.size() > 4, "cut and packed: " + plan);
      List<Operand<TFloat32>> sums = new GradientBuckets(6).sum(tf, values, (scope, bucket) -> scope.math.mul(bucket,
          scope.constant(2f)));
      for (int i = 0; i < shapes.size(); i++) {
        try (Result result = session.runner().fetch(sums.get(i)).run()) {
          TFloat32 sum = (TFloat32) result.get(0);
          assertEquals(shapes.get(i), sum.shape());
          float[] got = new float[(int) sum.shape().size()];
          sum.asRawTensor().data().asFloats().read(got);
          float[] twice = expected.get(i).clone();
          for (int k = 0; k < twice.length; k++) {
            twice[k] *= 2;
          }
          assertArrayEquals(twice, got, "tensor " + i);
        }
      }
    }
  }

  /**
   * What lets communication overlap backprop: the fc layers' exchanges (fc6's and fc7's factors, fc8's bucket)
   * depend on no convolution gradient, so TensorFlow starts them while those are computed; conv1's bucket
   * waits for its own.
   */
  @Test
  void theFcExchangesNeedNoConvolutionGradientInTheTrainingGraph() {
    List<Operand<TFloat32>> reduces = new ArrayList<>();
    List<Operand<TFloat32>> gathers = new ArrayList<>();
    Replica bucketed = new Replica() {
      @Override public int index() { return 0; }
      @Override public int count() { return 2; }
      @Override public Ops place(Ops tf) { return tf; }
      @Override public Session openSession(Graph graph, ConfigProto config) { return new Session(graph, config); }
      @Override public ReplicaStep buildStep(Ops tf, ReplicaStep.Terms terms) {
        GradientBuckets buckets = new GradientBuckets(1L << 18);
        return new ReplicaMeanStep(tf, terms, (ops, values) -> buckets.sum(ops, values, (scope, bucket) -> {
          Operand<TFloat32> reduce = scope.identity(bucket);
          reduces.add(reduce);
          return reduce;
        }), (ops, values) -> values, new FactorExchange((ops, value) -> {
          Operand<TFloat32> gather = ops.identity(value);
          gathers.add(gather);
          return gather;
        }, 4, 2), true);
      }
      @Override public EpochShare trainingShare(List<PlannedBatch> plan, int globalBatch) { return null; }
      @Override public List<PlannedBatch> validationShare(List<PlannedBatch> batches) { return batches; }
      @Override public long[] stepSeed(long seed, int epoch, int step) { return new long[] {seed, step}; }
      @Override public boolean keepsEmptyBatches() { return true; }
      @Override public double[] sum(double[] values) { return values; }
      @Override public String agreedStopReason(String local) { return local; }
      @Override public boolean agreedStop(boolean agreedInStep, BooleanSupplier local) { return agreedInStep; }
    };
    try (TrainingGraph graph = new TrainingGraph(new TrainingGraph.Settings(new ModelSpec(2, 63, 1), 0,
        new MomentumSgd(0.9), new GradientClipping(5), ComputeSettings.defaults(Precision.FP32)), bucketed)) {
      assertTrue(reduces.size() > 5, "buckets: " + reduces.size());
      assertEquals(4, gathers.size(), "fc6 and fc7 travel as inputs and output gradients");
      for (Operand<TFloat32> gather : gathers) {
        assertEquals(Set.of(), convolutionGradientsBefore(gather), "a factor waits for no conv gradient");
      }
      assertEquals(Set.of(), convolutionGradientsBefore(reduces.get(0)),
          "fc8's bucket (two classes: its matrix is smaller than its factors) waits for no conv gradient");
      assertTrue(convolutionGradientsBefore(reduces.get(reduces.size() - 1)).contains("Conv2DBackpropFilter"),
          "conv1's bucket waits for conv1's weight gradient");
    }
  }

  /** The convolution-gradient op types among everything {@code value} depends on. */
  private static Set<String> convolutionGradientsBefore(Operand<?> value) {
    Set<String> types = new HashSet<>();
    Set<String> seen = new HashSet<>();
    Deque<GraphOperation> todo = new ArrayDeque<>(List.of((GraphOperation) value.op()));
    while (!todo.isEmpty()) {
      GraphOperation op = todo.pop();
      if (!seen.add(op.name())) {
        continue;
      }
      if (op.type().startsWith("Conv2DBackprop")) {
        types.add(op.type());
      }
      op.inputs().forEach(input -> todo.push((GraphOperation) input.op()));
      todo.addAll(op.controlInputs());
    }
    return types;
  }
}
