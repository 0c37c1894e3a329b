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

  private final Result decodeResult;
  private final TInt32 labels;
  private final List<ImageSample> samples;

  DecodedBatch(Result decodeResult, TInt32 labels, List<ImageSample> samples) {
    this.decodeResult = decodeResult;
    this.labels = labels;
    this.samples = samples;
  }

  public TFloat32 images() {
    return (TFloat32) decodeResult.get(0);
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
      decodeResult.close();
    }
  }
}
