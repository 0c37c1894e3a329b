package tftrain.data;

import java.util.List;
import org.tensorflow.Result;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A batch ready for the network: images [N, S, S, 3] and labels [N] for the samples that decoded. Owns
 * its tensors: close it once the step that uses it has run.
 */
public final class DecodedBatch implements AutoCloseable {

  /** What holds the images tensor: the decode run's result, or the tensor itself. */
  private final AutoCloseable imagesOwner;
  private final TFloat32 images;
  private final TInt32 labels;
  private final List<ImageSample> samples;

  DecodedBatch(Result decodeResult, TInt32 labels, List<ImageSample> samples) {
    this.imagesOwner = decodeResult;
    this.images = (TFloat32) decodeResult.get(0);
    this.labels = labels;
    this.samples = samples;
  }

  private DecodedBatch(TFloat32 images, TInt32 labels, List<ImageSample> samples) {
    this.imagesOwner = images;
    this.images = images;
    this.labels = labels;
    this.samples = samples;
  }

  /** A batch that owns {@code images} itself (assembled in memory rather than fetched from a run). */
  static DecodedBatch of(TFloat32 images, TInt32 labels, List<ImageSample> samples) {
    return new DecodedBatch(images, labels, samples);
  }

  /**
   * A batch of no images ([0, S, S, 3]): what a multi-worker step trains on when none of a worker's
   * files decoded, so that the worker still joins the step's all-reduce.
   */
  static DecodedBatch empty(int imageSize) {
    TFloat32 images = TFloat32.tensorOf(org.tensorflow.ndarray.Shape.of(0, imageSize, imageSize, 3));
    try {
      return new DecodedBatch(images, TInt32.vectorOf(), List.of());
    } catch (RuntimeException e) {
      images.close();
      throw e;
    }
  }

  public TFloat32 images() {
    return images;
  }

  public TInt32 labels() {
    return labels;
  }

  /** The samples in the batch, in row order (files that failed to decode are not among them). */
  public List<ImageSample> samples() {
    return samples;
  }

  public int size() {
    return samples.size();
  }

  @Override
  public void close() {
    try {
      labels.close();
    } finally {
      try {
        imagesOwner.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
