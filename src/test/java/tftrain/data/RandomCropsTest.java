package tftrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

class RandomCropsTest {

  private static final int SQUARE = 20;
  private static final int SIDE = 16;
  private static final int IMAGES = 12;

  /** Squares whose pixel (r, c), channel k holds 1000·r + c + 0.1·k: a crop's values say where it came from. */
  private static TFloat32 positionCodedSquares() {
    TFloat32 squares = TFloat32.tensorOf(Shape.of(IMAGES, SQUARE, SQUARE, 3));
    for (int n = 0; n < IMAGES; n++) {
      for (int r = 0; r < SQUARE; r++) {
        for (int c = 0; c < SQUARE; c++) {
          for (int k = 0; k < 3; k++) {
            squares.setFloat(1000f * r + c + 0.1f * k, n, r, c, k);
          }
        }
      }
    }
    return squares;
  }

  /** The crops of {@link #positionCodedSquares} with {@code crop}, drawn from seed {@code seed}. */
  private static float[][][][] crops(TrainingCrop crop, long seed) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> squares =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, SQUARE, SQUARE, 3)));
      Operand<TInt64> seedOp = tf.constant(new long[] {seed, 7});
      Operand<TFloat32> cropped = RandomCrops.apply(tf, squares, crop, SQUARE, SIDE, seedOp);
      try (Session session = new Session(graph);
          TFloat32 input = positionCodedSquares();
          Result result = session.runner().feed(squares, input).fetch(cropped).run()) {
        TFloat32 out = (TFloat32) result.get(0);
        assertEquals(Shape.of(IMAGES, SIDE, SIDE, 3), out.shape());
        float[][][][] values = new float[IMAGES][SIDE][SIDE][3];
        for (int n = 0; n < IMAGES; n++) {
          for (int r = 0; r < SIDE; r++) {
            for (int c = 0; c < SIDE; c++) {
              for (int k = 0; k < 3; k++) {
                values[n][r][c][k] = out.getFloat(n, r, c, k);
              }
            }
          }
        }
        return values;
      }
    }
  }

  @Test
  void aRandomCropIsAWholePixelWindowOfTheSquareAtAVaryingPlace() {
    float[][][][] crops = crops(TrainingCrop.RANDOM, 1);
    Set<String> places = new HashSet<>();
    for (float[][][] crop : crops) {
      int top = Math.round(crop[0][0][0] / 1000f);
      int left = Math.round(crop[0][0][0] - 1000f * top);
      assertTrue(top >= 0 && top <= SQUARE - SIDE && left >= 0 && left <= SQUARE - SIDE, top + "," + left);
      for (int r = 0; r < SIDE; r++) {
        for (int c = 0; c < SIDE; c++) {
          for (int k = 0; k < 3; k++) {
            // Exactly the square's pixel: no interpolation between neighbours.
            assertEquals(1000f * (top + r) + left + c + 0.1f * k, crop[r][c][k], 0.02f, "pixel " + r + "," + c);
          }
        }
      }
      places.add(top + "," + left);
    }
    assertTrue(places.size() > IMAGES / 2, "crops should land in different places: " + places);
  }

  @Test
  void theSameSeedCutsTheSameCropsAndAnotherSeedOthers() {
    assertArrayEquals(flat(crops(TrainingCrop.RANDOM, 3)), flat(crops(TrainingCrop.RANDOM, 3)));
    assertFalse(Arrays.equals(flat(crops(TrainingCrop.RANDOM, 3)), flat(crops(TrainingCrop.RANDOM, 4))));
  }

  @Test
  void aRandomResizedCropStaysInsideTheSquareAndVariesInScale() {
    float[][][][] crops = crops(TrainingCrop.RANDOM_RESIZED, 5);
    Set<Integer> rowSpans = new HashSet<>();
    for (float[][][] crop : crops) {
      float first = crop[0][0][0];
      float last = crop[SIDE - 1][SIDE - 1][0];
      assertTrue(first >= 0 && last <= 1000f * (SQUARE - 1) + SQUARE - 1, first + ".." + last);
      // A scaled crop spans sqrt(area / aspect) of the square's rows: at least half of them
      // (area ≥ 1/4, aspect ≤ 4/3).
      int rowSpan = Math.round((last - first) / 1000f);
      assertTrue(rowSpan >= (SQUARE - 1) * Math.sqrt(RandomCrops.MIN_AREA / RandomCrops.MAX_ASPECT) - 1,
          "rows " + rowSpan);
      rowSpans.add(rowSpan);
    }
    assertTrue(rowSpans.size() > 2, "scales should vary: " + rowSpans);
  }

  @Test
  void colorJitterOfZeroChangesNothingAndOtherwiseStaysWithinItsStrength() {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      // Grey images at 0.2 everywhere: saturation cannot change them, brightness and contrast only shift them.
      Operand<TFloat32> grey = tf.fill(tf.constant(new int[] {IMAGES, 4, 4, 3}), tf.constant(0.2f));
      Operand<TInt64> seed = tf.constant(new long[] {1, 2});
      Operand<TFloat32> unchanged = ColorJitter.apply(tf, grey, 0, seed);
      Operand<TFloat32> jittered = ColorJitter.apply(tf, grey, 0.3, seed);
      try (Session session = new Session(graph);
          Result result = session.runner().fetch(unchanged).fetch(jittered).run()) {
        TFloat32 same = (TFloat32) result.get(0);
        TFloat32 changed = (TFloat32) result.get(1);
        Set<Float> shifts = new HashSet<>();
        for (int n = 0; n < IMAGES; n++) {
          assertEquals(0.2f, same.getFloat(n, 1, 1, 0), 0f);
          float value = changed.getFloat(n, 1, 1, 0);
          assertTrue(Math.abs(value - 0.2f) <= 0.3f + 1e-6, "shift within the strength: " + value);
          assertEquals(value, changed.getFloat(n, 3, 2, 2), 1e-5, "a grey image stays one grey");
          shifts.add(value);
        }
        assertTrue(shifts.size() > IMAGES / 2, "each image draws its own shift");
      }
    }
  }

  private static float[] flat(float[][][][] values) {
    float[] flat = new float[IMAGES * SIDE * SIDE * 3];
    int i = 0;
    for (float[][][] image : values) {
      for (float[][] row : image) {
        for (float[] pixel : row) {
          for (float v : pixel) {
            flat[i++] = v;
          }
        }
      }
    }
    return flat;
  }
}
