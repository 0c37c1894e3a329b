package tftrain.data;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.image.CropAndResize;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Random crops of a batch of squares [N, R, R, 3] to [N, S, S, 3], in graph ops whose randomness is a
 * function of a fed seed (stateless), so a step is reproducible and a resumed run sees the same crops.
 * Both kinds are one {@code CropAndResize} over per-image boxes.
 */
public final class RandomCrops {

  /** Smallest share of the square's area a random-resized crop keeps. */
  static final float MIN_AREA = 0.25f;
  /** Aspect ratios (width / height) of a random-resized crop lie in [1/MAX_ASPECT, MAX_ASPECT]. */
  static final float MAX_ASPECT = 4f / 3f;

  private RandomCrops() {}

  /**
   * The crops of {@code squares} (side {@code squareSide}) to {@code side}, drawn from {@code seed} [2].
   * {@link TrainingCrop#CENTER} returns the squares unchanged: the caller then feeds centre crops already.
   */
  public static Operand<TFloat32> apply(
      Ops tf, Operand<TFloat32> squares, TrainingCrop crop, int squareSide, int side, Operand<TInt64> seed) {
    if (crop == TrainingCrop.CENTER) {
      return squares;
    }
    Ops ops = tf.withSubScope("random_crop");
    // Four uniform draws per image: [row position, column position, area share, log aspect].
    Operand<TFloat32> draws = PerImageDraws.uniform(ops, squares, new int[] {4}, seed);
    Operand<TFloat32> boxes = crop == TrainingCrop.RANDOM
        ? fixedSizeBoxes(ops, draws, squareSide, side)
        : resizedBoxes(ops, draws);
    Operand<TInt32> boxImages = ops.range(ops.constant(0),
        ops.reshape(PerImageDraws.count(ops, squares), ops.constant(new int[0])), ops.constant(1));
    return tf.withName("random_crops").image.cropAndResize(squares, boxes, boxImages,
        ops.constant(new int[] {side, side}), CropAndResize.method("bilinear"));
  }

  /**
   * Boxes of exactly {@code side} pixels at whole-pixel offsets 0..R-S: CropAndResize samples row
   * y1·(R-1) + i·(y2-y1)·(R-1)/(S-1), so y1 = off/(R-1) and y2 = (off+S-1)/(R-1) read pixels off..off+S-1
   * with no interpolation, as a plain slice would.
   */
  private static Operand<TFloat32> fixedSizeBoxes(Ops ops, Operand<TFloat32> draws, int squareSide, int side) {
    Operand<TFloat32> positions = column(ops, draws, 0, 2);
    Operand<TFloat32> offsets = ops.math.floor(ops.math.mul(positions, ops.constant((float) (squareSide - side + 1))));
    // floor(u·(R-S+1)) is R-S+1 only for u = 1, which a uniform draw in [0, 1) never returns; clamp anyway.
    offsets = ops.math.minimum(offsets, ops.constant((float) (squareSide - side)));
    Operand<TFloat32> start = ops.math.div(offsets, ops.constant((float) (squareSide - 1)));
    Operand<TFloat32> end =
        ops.math.div(ops.math.add(offsets, ops.constant((float) (side - 1))), ops.constant((float) (squareSide - 1)));
    return ops.concat(List.of(start, end), ops.constant(1));
  }

  /** Boxes of a random area share and aspect, at a random position inside the unit square. */
  private static Operand<TFloat32> resizedBoxes(Ops ops, Operand<TFloat32> draws) {
    Operand<TFloat32> area = ops.math.add(ops.constant(MIN_AREA),
        ops.math.mul(column(ops, draws, 2, 1), ops.constant(1f - MIN_AREA)));
    float logMax = (float) Math.log(MAX_ASPECT);
    Operand<TFloat32> aspect = ops.math.exp(ops.math.add(ops.constant(-logMax),
        ops.math.mul(column(ops, draws, 3, 1), ops.constant(2 * logMax))));
    // width · height = area and width / height = aspect, each at most the whole side.
    Operand<TFloat32> height = ops.math.minimum(ops.math.sqrt(ops.math.div(area, aspect)), ops.constant(1f));
    Operand<TFloat32> width = ops.math.minimum(ops.math.sqrt(ops.math.mul(area, aspect)), ops.constant(1f));
    Operand<TFloat32> size = ops.concat(List.of(height, width), ops.constant(1));
    Operand<TFloat32> start = ops.math.mul(column(ops, draws, 0, 2), ops.math.sub(ops.constant(1f), size));
    return ops.concat(List.of(start, ops.math.add(start, size)), ops.constant(1));
  }

  /** Columns [first, first + count) of a [N, 4] matrix. */
  private static Operand<TFloat32> column(Ops ops, Operand<TFloat32> matrix, int first, int count) {
    return PerImageDraws.lastAxis(ops, matrix, 2, first, count);
  }
}
