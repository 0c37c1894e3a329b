package tftrain.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.Point;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.data.Augmentation;
import tftrain.data.BatchDecoder;
import tftrain.data.DecodedBatch;
import tftrain.data.ImageSample;
import tftrain.data.Normalization;
import tftrain.data.PlannedBatch;
import tftrain.data.PreprocessingSpec;
import tftrain.data.TrainValData;
import tftrain.report.ContactSheet;
import tftrain.report.EpochMetrics;
import tftrain.runtime.ComputeSettings;
import tftrain.runtime.Precision;
import tftrain.testing.TestConfigs;
import tftrain.testing.TestImages;

/** mistakes.png: the best epoch's wrong validation images, from the validation pass itself. */
class MistakesSheetTest {

  private static final List<String> CLASSES = List.of("blue", "red");
  private static final int VERMILLION = 0xD55E00;

  private static BufferedImage solid(Color color) {
    BufferedImage picture = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    var graphics = picture.createGraphics();
    graphics.setColor(color);
    graphics.fillRect(0, 0, 32, 32);
    graphics.dispose();
    return picture;
  }

  private static EpochEnd epoch(int number, boolean isBest) {
    EpochMetrics metrics = new EpochMetrics(number, 0.01, 1, 0.5, 1, 0.5, 1, 10);
    return new EpochEnd(metrics, 3, isBest, null, null);
  }

  private static Dimension size(Path png) throws Exception {
    BufferedImage image = ImageIO.read(png.toFile());
    assertNotNull(image, "a PNG that ImageIO reads");
    return new Dimension(image.getWidth(), image.getHeight());
  }

  @Test
  void drawsTheWrongImagesOfEachNewBestEpochOnlyAsTheNetworkSawThem(@TempDir Path temp) throws Exception {
    Path blue = TestImages.write(solid(Color.BLUE), temp.resolve("val/blue/b.png"), "png");
    Path red = TestImages.write(solid(Color.RED), temp.resolve("val/red/r.png"), "png");
    Path green = TestImages.write(solid(Color.GREEN), temp.resolve("val/blue/g.png"), "png");
    List<ImageSample> samples = List.of(new ImageSample(blue, 0), new ImageSample(red, 1), new ImageSample(green, 0));
    Path run = Files.createDirectories(temp.resolve("run"));
    Path png = run.resolve(MistakesSheet.FILE);
    MistakesSheet sheet = new MistakesSheet(run, CLASSES, 8, Normalization.HALF);
    try (BatchDecoder decoder = new BatchDecoder(new PreprocessingSpec(32, 32, Normalization.HALF), Augmentation.NONE,
            1, ComputeSettings.defaults(Precision.FP32).decodeSessionConfig(), bad -> {});
        DecodedBatch batch = decoder.decode(new PlannedBatch(samples, new boolean[3]), false)) {
      // Epoch 1, a new best: the red image taken for blue and the green one (labelled blue) for red.
      sheet.onValidationBatch(batch, new float[][] {{0.9f, 0.1f}, {0.7f, 0.3f}, {0.4f, 0.6f}});
      sheet.onEpochEnd(epoch(1, true));
      assertEquals(ContactSheet.size(2), size(png));
      BufferedImage drawn = ImageIO.read(png.toFile());
      Point first = ContactSheet.thumbnailAt(0, 2);
      Point second = ContactSheet.thumbnailAt(1, 2);
      assertEquals(0xFF0000, drawn.getRGB(first.x + 80, first.y + 80) & 0xFFFFFF, "the red image, as decoded");
      assertEquals(0x00FF00, drawn.getRGB(second.x + 80, second.y + 80) & 0xFFFFFF);
      assertEquals(VERMILLION, drawn.getRGB(first.x - 3, first.y + 80) & 0xFFFFFF, "framed as a mistake");
      byte[] bestPicture = Files.readAllBytes(png);

      // Epoch 2 is worse and not a best: mistakes.png still belongs to best/, i.e. epoch 1.
      sheet.onValidationBatch(batch, new float[][] {{0.1f, 0.9f}, {0.7f, 0.3f}, {0.4f, 0.6f}});
      sheet.onEpochEnd(epoch(2, false));
      assertArrayEquals(bestPicture, Files.readAllBytes(png));

      // Epoch 3, a new best with no mistakes: the picture says so instead of keeping epoch 1's.
      sheet.onValidationBatch(batch, new float[][] {{0.9f, 0.1f}, {0.1f, 0.9f}, {0.6f, 0.4f}});
      sheet.onEpochEnd(epoch(3, true));
      assertEquals(ContactSheet.size(0), size(png));
    }
    try (var files = Files.list(run)) {
      assertEquals(List.of(png), files.toList(), "no temporary file left");
    }
  }

  @Test
  void aTrainingRunWritesMistakesPngUnlessItIsSwitchedOff(@TempDir Path temp) throws Exception {
    Path data = TestImages.trainValFolders(temp.resolve("data"), 2, 8, 3, 70, 3);
    TrainingConfig config = TestConfigs.smallBuilder(data, 1, 4).mistakes(2).build();
    Path run = temp.resolve("run");
    Trainer.Outcome outcome = new Trainer(Trainer.Setup.single(config, TrainValData.fromDataDir(data), run),
        new TrainingListener() {}, () -> false).run(null);
    long wrong = Math.round((1 - outcome.state().bestValAccuracy()) * 6);
    assertEquals(ContactSheet.size((int) Math.min(2, wrong)), size(run.resolve(MistakesSheet.FILE)),
        "the best epoch's " + wrong + " mistake(s), at most 2");
    assertTrue(RunFolder.RUN_ENTRIES.contains(MistakesSheet.FILE), "--overwrite replaces it and no other run's file");

    Path quiet = temp.resolve("quiet");
    new Trainer(Trainer.Setup.single(config.toBuilder().mistakes(0).build(), TrainValData.fromDataDir(data), quiet),
        new TrainingListener() {}, () -> false).run(null);
    assertTrue(Files.isRegularFile(quiet.resolve("metrics.csv")));
    assertFalse(Files.exists(quiet.resolve(MistakesSheet.FILE)), "--mistakes 0 writes none");
  }
}
