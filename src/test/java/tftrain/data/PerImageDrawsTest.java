package tftrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class PerImageDrawsTest {

  /** Draws [N, 4] for a batch of {@code images} images, then columns 1–2 of them, from seed {@code seed}. */
  private static float[][] drawsAndColumns(int images, long seed) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> batch = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 2, 2, 3)));
      Operand<TFloat32> draws = PerImageDraws.uniform(tf, batch, new int[] {4}, tf.constant(new long[] {seed, 1}));
      Operand<TFloat32> columns = PerImageDraws.lastAxis(tf, draws, 2, 1, 2);
      try (Session session = new Session(graph);
          TFloat32 input = TFloat32.tensorOf(Shape.of(images, 2, 2, 3));
          Result result = session.runner().feed(batch, input).fetch(draws).fetch(columns).run()) {
        TFloat32 all = (TFloat32) result.get(0);
        TFloat32 picked = (TFloat32) result.get(1);
        assertEquals(Shape.of(images, 4), all.shape());
        assertEquals(Shape.of(images, 2), picked.shape());
        float[] flat = new float[images * 4];
        float[] pickedFlat = new float[images * 2];
        all.asRawTensor().data().asFloats().read(flat);
        picked.asRawTensor().data().asFloats().read(pickedFlat);
        return new float[][] {flat, pickedFlat};
      }
    }
  }

  @Test
  void oneRowOfDrawsPerImageInTheUnitIntervalTheSameForTheSameSeed() {
    float[][] first = drawsAndColumns(5, 3);
    for (float draw : first[0]) {
      assertTrue(draw >= 0 && draw < 1, "draw " + draw);
    }
    assertArrayEquals(first[0], drawsAndColumns(5, 3)[0], "a fed seed makes the draws reproducible");
    for (int image = 0; image < 5; image++) {
      assertEquals(first[0][image * 4 + 1], first[1][image * 2]);
      assertEquals(first[0][image * 4 + 2], first[1][image * 2 + 1]);
    }
  }
}
