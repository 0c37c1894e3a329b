package tftrain.data;

import java.awt.image.BufferedImage;
import org.tensorflow.types.TFloat32;

/**
 * The pictures a network was fed: a row of a normalized images tensor [N, S, S, 3] turned back into
 * 8-bit RGB, so what a report shows is exactly what the model saw (after the decode, resize, crop and any
 * flip), with no second decode of the file.
 */
public final class NetworkInputImages {

  private NetworkInputImages() {}

  /** Row {@code row} of {@code images} as an S×S RGB picture, undoing {@code normalization}. */
  public static BufferedImage picture(TFloat32 images, int row, Normalization normalization) {
    int height = (int) images.shape().get(1);
    int width = (int) images.shape().get(2);
    int perImage = height * width * 3;
    float[] values = new float[perImage];
    images.asRawTensor().data().asFloats().offset((long) row * perImage).read(values);
    // The pipeline computes x / 255 · 1/std − mean/std; its inverse is (v · std + mean) · 255.
    float[] mean = normalization.mean();
    float[] std = normalization.std();
    int[] rgb = new int[height * width];
    for (int pixel = 0; pixel < rgb.length; pixel++) {
      int packed = 0;
      for (int c = 0; c < 3; c++) {
        float value = (values[pixel * 3 + c] * std[c] + mean[c]) * 255f;
        packed = (packed << 8) | Math.max(0, Math.min(255, Math.round(value)));
      }
      rgb[pixel] = packed;
    }
    BufferedImage picture = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    picture.setRGB(0, 0, width, height, rgb, 0, width);
    return picture;
  }
}
