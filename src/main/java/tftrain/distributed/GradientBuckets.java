package tftrain.distributed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The all-reduce of many float tensors in buckets that start as soon as their own tensors exist. Tensors are
 * taken last to first, the order in which backprop produces the gradients of a network listed input to
 * output (fc8, fc7, fc6, conv5 … conv1): a tensor larger than a bucket is cut along axis 0 into pieces that
 * are each a bucket (TensorFlow's Slice of leading rows shares the buffer, so cutting costs no copy), and
 * small tensors are packed together until a bucket is full. Each bucket is one collective of its own, so the
 * fc6 weights are on the wire while the convolutions' gradients are still being computed; only a packed
 * bucket is concatenated, and only a cut tensor is joined again.
 */
final class GradientBuckets {

  /** A bucket's share of one tensor: rows [firstRow, firstRow + rows) of tensor {@code index}. */
  record Piece(int index, long firstRow, long rows, long size) {}

  private final long bucketFloats;

  /** @param bucketFloats the size a bucket aims at, in elements */
  GradientBuckets(long bucketFloats) {
    if (bucketFloats < 1) {
      throw new IllegalArgumentException("a bucket holds at least one element, got " + bucketFloats);
    }
    this.bucketFloats = bucketFloats;
  }

  /** Buckets that cut {@code values} into about {@code count} equal parts. */
  static GradientBuckets about(int count, List<Operand<TFloat32>> values) {
    long total = values.stream().mapToLong(value -> value.shape().size()).sum();
    return new GradientBuckets(Math.max(1, (total + count - 1) / count));
  }

  /** The buckets of tensors of these shapes, in the order they are reduced (static shapes only). */
  List<List<Piece>> plan(List<Shape> shapes) {
    List<List<Piece>> buckets = new ArrayList<>();
    List<Piece> open = new ArrayList<>();
    long openSize = 0;
    for (int index = shapes.size() - 1; index >= 0; index--) {
      Shape shape = shapes.get(index);
      long size = shape.size();
      if (size > bucketFloats && shape.numDimensions() > 0 && shape.get(0) > 1) {
        if (!open.isEmpty()) {
          buckets.add(open);
          open = new ArrayList<>();
          openSize = 0;
        }
        long rows = shape.get(0);
        long rowSize = size / rows;
        int pieces = (int) Math.min(rows, (size + bucketFloats - 1) / bucketFloats);
        long first = 0;
        for (int i = 0; i < pieces; i++) {
          long end = rows * (i + 1) / pieces;
          buckets.add(List.of(new Piece(index, first, end - first, (end - first) * rowSize)));
          first = end;
        }
        continue;
      }
      if (openSize > 0 && openSize + size > bucketFloats) {
        buckets.add(open);
        open = new ArrayList<>();
        openSize = 0;
      }
      open.add(new Piece(index, 0, shape.numDimensions() == 0 ? 1 : shape.get(0), size));
      openSize += size;
    }
    if (!open.isEmpty()) {
      buckets.add(open);
    }
    return buckets;
  }

  /**
   * The element-wise sums over all workers of {@code values}, in their order; each bucket goes through
   * {@code reduce} (a collective, with any cast to and from the wire's type inside it).
   */
  List<Operand<TFloat32>> sum(Ops tf, List<Operand<TFloat32>> values, BucketReduce reduce) {
    List<Shape> shapes = new ArrayList<>();
    for (Operand<TFloat32> value : values) {
      Shape shape = value.shape();
      if (shape.isUnknown() || shape.hasUnknownDimension()) {
        throw new IllegalArgumentException("all-reduce needs static shapes, got " + shape + " for " + value);
      }
      shapes.add(shape);
    }
    List<List<Operand<TFloat32>>> reducedPieces = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      reducedPieces.add(new ArrayList<>());
    }
    for (List<Piece> bucket : plan(shapes)) {
      List<Operand<TFloat32>> flat = new ArrayList<>();
      for (Piece piece : bucket) {
        flat.add(tf.reshape(rowsOf(tf, values.get(piece.index()), shapes.get(piece.index()), piece),
            tf.constant(new long[] {piece.size()})));
      }
      Operand<TFloat32> reduced = reduce.apply(tf, flat.size() == 1 ? flat.get(0) : tf.concat(flat, tf.constant(0)));
      long offset = 0;
      for (Piece piece : bucket) {
        Operand<TFloat32> part = bucket.size() == 1 ? reduced
            : tf.slice(reduced, tf.constant(new long[] {offset}), tf.constant(new long[] {piece.size()}));
        reducedPieces.get(piece.index())
            .add(tf.reshape(part, tf.constant(pieceShape(shapes.get(piece.index()), piece))));
        offset += piece.size();
      }
    }
    List<Operand<TFloat32>> sums = new ArrayList<>();
    for (List<Operand<TFloat32>> pieces : reducedPieces) {
      sums.add(pieces.size() == 1 ? pieces.get(0) : tf.concat(pieces, tf.constant(0)));
    }
    return sums;
  }

  /** A reduce of one flat bucket over all workers. */
  interface BucketReduce {
    Operand<TFloat32> apply(Ops tf, Operand<TFloat32> bucket);
  }

  private static Operand<TFloat32> rowsOf(Ops tf, Operand<TFloat32> value, Shape shape, Piece piece) {
    if (shape.numDimensions() == 0 || piece.rows() == shape.get(0)) {
      return value;
    }
    long[] begin = new long[shape.numDimensions()];
    long[] size = shape.asArray().clone();
    begin[0] = piece.firstRow();
    size[0] = piece.rows();
    return tf.slice(value, tf.constant(begin), tf.constant(size));
  }

  private static long[] pieceShape(Shape shape, Piece piece) {
    if (shape.numDimensions() == 0) {
      return new long[0];
    }
    long[] dims = Arrays.copyOf(shape.asArray(), shape.numDimensions());
    dims[0] = piece.rows();
    return dims;
  }
}
