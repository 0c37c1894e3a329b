package tftrain.distributed;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat16;
import org.tensorflow.types.TFloat32;
import tftrain.train.ReduceDtype;

/**
 * A bucket's all-reduce in the type it travels in ({@code --reduce-dtype}). fp32 is exact: the workers' sum
 * equals one process's to the last bits the order of additions allows. bf16 keeps fp32's range and 8 bits of
 * mantissa (a cast each way). fp16 keeps 11 bits but a small range: the bucket is scaled up before the cast
 * like a loss scale (else small gradients flush to zero) and clamped so the sum over all workers stays finite.
 */
final class WireCasts {

  /**
   * fp16's scale. A worker sends its batch's gradient sum (the mean times its images); AlexNet's are mostly
   * 1e-6 to 1, so ×1024 lifts them over fp16's smallest normal (6e-5) while a sum up to 64 per worker fits.
   */
  static final float FP16_SCALE = 1024f;
  private static final float FP16_MAX = 65504f;

  private WireCasts() {}

  static Operand<TFloat32> reduce(Ops tf, Operand<TFloat32> bucket, ReduceDtype type, int workers,
      Collectives collectives) {
    switch (type) {
      case BF16:
        return tf.dtypes.cast(collectives.sum(tf, tf.dtypes.cast(bucket, TBfloat16.class)), TFloat32.class);
      case FP16: {
        float limit = FP16_MAX / workers;
        Operand<TFloat32> scaled = tf.clipByValue(tf.math.mul(bucket, tf.constant(FP16_SCALE)),
            tf.constant(-limit), tf.constant(limit));
        Operand<TFloat16> sum = collectives.sum(tf, tf.dtypes.cast(scaled, TFloat16.class));
        return tf.math.mul(tf.dtypes.cast(sum, TFloat32.class), tf.constant(1f / FP16_SCALE));
      }
      default:
        return collectives.sum(tf, bucket);
    }
  }
}
