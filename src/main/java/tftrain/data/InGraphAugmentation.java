package tftrain.data;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The augmentation a training graph applies to its fed batch before the network: a random crop of the
 * resized square, then colour jitter. (Flips happen earlier, in the {@link BatchDecoder}, where they always
 * were.) Random draws come from the step's seed, so a step is reproducible.
 *
 * @param crop which part of each image the network sees
 * @param squareSide the side of the fed squares when cropping (the resize), else unused
 * @param colorJitter strength of the colour changes, 0 for none
 */
public record InGraphAugmentation(TrainingCrop crop, int squareSide, double colorJitter) {

  /** Neither crops nor colour changes: the fed batch is the network's input. */
  public static final InGraphAugmentation OFF = new InGraphAugmentation(TrainingCrop.CENTER, 0, 0);

  /** Offsets added to the step seed, apart from dropout's (which adds 1, 2, … per layer). */
  private static final long CROP_STREAM = 1000;
  private static final long JITTER_STREAM = 1001;

  public boolean isOff() {
    return crop == TrainingCrop.CENTER && colorJitter == 0;
  }

  /** The side of the images a training step is fed, for a network input of {@code imageSize}. */
  public int fedSide(int imageSize) {
    return crop.needsSquare() ? squareSide : imageSize;
  }

  /** The network's training input [N, imageSize, imageSize, 3] from the fed batch. */
  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> fed, int imageSize, Operand<TInt64> stepSeed) {
    Operand<TFloat32> cropped =
        RandomCrops.apply(tf, fed, crop, squareSide, imageSize, offset(tf, stepSeed, CROP_STREAM));
    return ColorJitter.apply(tf, cropped, colorJitter, offset(tf, stepSeed, JITTER_STREAM));
  }

  private static Operand<TInt64> offset(Ops tf, Operand<TInt64> seed, long stream) {
    return tf.math.add(seed, tf.constant(new long[] {0, stream}));
  }
}
