package tftrain.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.runtime.ComputeSettings;
import tftrain.runtime.Precision;
import tftrain.testing.TestImages;

/** The network input turned back into a picture is the file's pixels as the pipeline delivered them. */
class NetworkInputImagesTest {

  /** Largest difference of any channel of any pixel between two same-sized pictures. */
  private static int largestDifference(BufferedImage a, BufferedImage b) {
    int largest = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        for (int shift = 0; shift <= 16; shift += 8) {
          int difference = Math.abs(((a.getRGB(x, y) >> shift) & 0xFF) - ((b.getRGB(x, y) >> shift) & 0xFF));
          largest = Math.max(largest, difference);
        }
      }
    }
    return largest;
  }

  private static BufferedImage flippedVertically(BufferedImage picture) {
    BufferedImage flipped = new BufferedImage(picture.getWidth(), picture.getHeight(), BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < picture.getHeight(); y++) {
      for (int x = 0; x < picture.getWidth(); x++) {
        flipped.setRGB(x, picture.getHeight() - 1 - y, picture.getRGB(x, y));
      }
    }
    return flipped;
  }

  @Test
  void picturesAreTheDecodedPixelsWithEachChannelsNormalizationUndoneAndTheFlipKept(@TempDir Path temp) {
    // At the network's size there is no resize and no crop, so the input holds exactly the file's pixels.
    PreprocessingSpec spec = new PreprocessingSpec(48, 48, Normalization.IMAGENET);
    BufferedImage original = TestImages.photoLike(48, 48, new Random(5));
    Path png = TestImages.write(original, temp.resolve("photo.png"), "png");
    List<ImageSample> samples = List.of(new ImageSample(png, 0), new ImageSample(png, 0));
    try (BatchDecoder decoder = new BatchDecoder(spec, Augmentation.VERTICAL_FLIP, 1,
            ComputeSettings.defaults(Precision.FP32).decodeSessionConfig(), bad -> {
              throw new AssertionError(bad.toString());
            });
        DecodedBatch batch = decoder.decode(new PlannedBatch(samples, new boolean[] {false, true}), true)) {
      BufferedImage seen = NetworkInputImages.picture(batch.images(), 0, Normalization.IMAGENET);
      assertEquals(48, seen.getWidth());
      assertEquals(48, seen.getHeight());
      assertTrue(largestDifference(original, seen) <= 1, "within rounding: " + largestDifference(original, seen));
      BufferedImage flipped = NetworkInputImages.picture(batch.images(), 1, Normalization.IMAGENET);
      assertTrue(largestDifference(flippedVertically(original), flipped) <= 1, "the second row is the flipped view");
      // With the wrong normalization undone, the colours are off: the per-channel constants matter.
      BufferedImage wrong = NetworkInputImages.picture(batch.images(), 0, Normalization.HALF);
      assertTrue(largestDifference(original, wrong) > 20);
    }
  }

  @Test
  void valuesOutsideThePixelRangeAreClamped() {
    try (var images = org.tensorflow.types.TFloat32.tensorOf(org.tensorflow.ndarray.Shape.of(1, 1, 2, 3))) {
      float[] values = {5f, 5f, 5f, -5f, -5f, -5f};
      for (int i = 0; i < values.length; i++) {
        images.setFloat(values[i], 0, 0, i / 3, i % 3);
      }
      BufferedImage picture = NetworkInputImages.picture(images, 0, Normalization.HALF);
      assertEquals(0xFFFFFF, picture.getRGB(0, 0) & 0xFFFFFF);
      assertEquals(0x000000, picture.getRGB(1, 0) & 0xFFFFFF);
    }
  }
}
