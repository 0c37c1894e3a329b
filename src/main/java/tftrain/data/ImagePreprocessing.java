package tftrain.data;

import java.util.List;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Operand;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.data.ParallelMapDataset;
import org.tensorflow.op.image.DecodeImage;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/**
 * Image files to network input, in TensorFlow ops. The training pipeline, evaluation and the exported
 * serving graph all call {@link #decodeBatch}, so no two of them can preprocess differently.
 */
public final class ImagePreprocessing {

  private ImagePreprocessing() {}

  /**
   * Encoded files [N] (JPEG, PNG, BMP or GIF of any size) to normalized images [N, S, S, 3]. Each file is
   * decoded by a map over a tf.data slice dataset, so the batch needs no common size before the crop.
   *
   * @param parallelism how many files decode at once
   */
  public static Operand<TFloat32> decodeBatch(
      Ops tf, Operand<TString> files, PreprocessingSpec spec, int parallelism) {
    Ops scope = tf.withSubScope("preprocess");
    Shape imageShape = Shape.of(spec.imageSize(), spec.imageSize(), 3);
    List<Class<? extends TType>> types = List.of(TFloat32.class);
    List<Shape> shapes = List.of(imageShape);
    Operand<TInt64> count = scope.dtypes.cast(scope.shape(files), TInt64.class);
    var slices = scope.data.tensorSliceDataset(List.of(files), List.of(Shape.scalar()));
    ParallelMapDataset decoded;
    // The map op copies the function into this graph's library, so the function's own graph can go.
    try (ConcreteFunction decodeOne =
        ConcreteFunction.create(
            fn -> {
              Placeholder<TString> file = fn.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
              return Signature.builder()
                  .input("file", file)
                  .output("image", decodeOne(fn, file, spec))
                  .build();
            })) {
      decoded =
          scope.data.parallelMapDataset(
              slices,
              List.of(),
              scope.constant((long) Math.max(1, parallelism)),
              decodeOne,
              types,
              shapes,
              ParallelMapDataset.deterministic("true"));
    }
    var batched =
        scope.data.batchDataset(
            decoded,
            scope.reshape(count, scope.constant(new int[0])),
            scope.constant(false),
            types,
            List.of(Shape.of(-1, spec.imageSize(), spec.imageSize(), 3)));
    var single =
        scope.data.datasetToSingleElement(
            batched, types, List.of(Shape.of(-1, spec.imageSize(), spec.imageSize(), 3)));
    @SuppressWarnings("unchecked")
    Operand<TFloat32> images = (Operand<TFloat32>) single.components().get(0);
    return tf.withName("preprocessed_images").identity(images);
  }

  /**
   * One encoded file to [S, S, 3]: decode to 3 channels (grayscale and CMYK too), scale the shorter side
   * to {@code resize} with half-pixel centres, crop the centre, normalize.
   */
  static Operand<TFloat32> decodeOne(Ops tf, Operand<TString> file, PreprocessingSpec spec) {
    // The header check comes first, so an oversized file fails before the decoder allocates its pixels.
    Operand<TString> checkedFile = PixelLimitOps.checked(tf, file, spec.maxPixels());
    DecodeImage<TUint8> decoded =
        tf.image.decodeImage(
            checkedFile, TUint8.class, DecodeImage.channels(3L), DecodeImage.expandAnimations(false));
    Operand<TFloat32> pixels = tf.dtypes.cast(decoded, TFloat32.class);
    Operand<TFloat32> heightWidth =
        tf.dtypes.cast(tf.slice(tf.shape(decoded), tf.constant(new int[] {0}), tf.constant(new int[] {2})), TFloat32.class);
    Operand<TFloat32> scale =
        tf.math.div(tf.constant((float) spec.resize()), tf.min(heightWidth, tf.constant(0)));
    Operand<TInt32> newSize = tf.dtypes.cast(tf.math.floor(tf.math.mul(heightWidth, scale)), TInt32.class);
    // The shorter side must land on exactly `resize` whatever the float rounding did.
    newSize = tf.math.maximum(newSize, tf.constant(spec.resize()));
    Operand<TFloat32> resized =
        tf.image.resizeBilinear(
            tf.expandDims(pixels, tf.constant(0)), newSize, ResizeBilinear.halfPixelCenters(true));
    Operand<TInt32> offset =
        tf.dtypes.cast(
            tf.math.round(
                tf.math.div(
                    tf.dtypes.cast(tf.math.sub(newSize, tf.constant(spec.imageSize())), TFloat32.class),
                    tf.constant(2f))),
            TInt32.class);
    Operand<TFloat32> cropped =
        tf.slice(
            resized,
            tf.concat(List.of(tf.constant(new int[] {0}), offset, tf.constant(new int[] {0})), tf.constant(0)),
            tf.constant(new int[] {1, spec.imageSize(), spec.imageSize(), 3}));
    Operand<TFloat32> image =
        tf.reshape(cropped, tf.constant(new int[] {spec.imageSize(), spec.imageSize(), 3}));
    // (x / 255 - mean) / std as one multiply-add per pixel: x · 1/(255·std) + (-mean/std).
    Normalization normalization = spec.normalization();
    float[] pixelScale = new float[3];
    float[] shift = new float[3];
    for (int c = 0; c < 3; c++) {
      pixelScale[c] = 1f / (255f * normalization.std()[c]);
      shift[c] = -normalization.mean()[c] / normalization.std()[c];
    }
    return tf.math.add(tf.math.mul(image, tf.constant(pixelScale)), tf.constant(shift));
  }

  /**
   * Flips the images [N, S, S, 3] whose flag in {@code flip} [N] is set, along the augmentation's axis.
   * The flags come from the caller's seeded generator, so an epoch's augmentation is reproducible.
   */
  public static Operand<TFloat32> flip(
      Ops tf, Operand<TFloat32> images, Operand<TBool> flip, Augmentation augmentation) {
    if (augmentation == Augmentation.NONE) {
      return images;
    }
    Operand<TFloat32> flipped = tf.reverse(images, tf.constant(new int[] {augmentation.axis()}));
    // SelectV2 broadcasts from the trailing dimensions: give the flags shape [N, 1, 1, 1].
    var perImage = tf.reshape(flip, tf.constant(new int[] {-1, 1, 1, 1}));
    return tf.withName("augmented_images").select(perImage, flipped, images);
  }
}
