package tftrain.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingChartsTest {

  @TempDir Path dir;

  private static List<EpochMetrics> history(int epochs) {
    List<EpochMetrics> history = new ArrayList<>();
    for (int e = 1; e <= epochs; e++) {
      history.add(new EpochMetrics(e, 0.01, 0.7 / e, 0.5 + 0.4 * e / epochs, 0.75 / e, 0.5 + 0.3 * e / epochs, 40, 25));
    }
    return history;
  }

  @Test
  void writesBothChartsAsPngs() throws IOException {
    TrainingCharts.write(history(25), dir);
    assertChart(dir.resolve("loss.png"));
    assertChart(dir.resolve("accuracy.png"));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(2, files.count(), "no temporary file left behind");
    }
  }

  @Test
  void drawsASingleEpoch() throws IOException {
    Path output = dir.resolve("new/output");
    TrainingCharts.write(history(1), output);
    assertChart(output.resolve("loss.png"));
    assertChart(output.resolve("accuracy.png"));
  }

  @Test
  void overwritesTheChartsOfTheLastEpoch() throws IOException {
    TrainingCharts.write(history(2), dir);
    TrainingCharts.write(history(3), dir);
    assertChart(dir.resolve("loss.png"));
  }

  @Test
  void drawsADivergedRunAndOneWithoutValidation() throws IOException {
    List<EpochMetrics> history =
        List.of(
            new EpochMetrics(1, 0.1, 2.5, 0.3, Double.NaN, Double.NaN, 40, 25),
            new EpochMetrics(2, 0.1, Double.POSITIVE_INFINITY, 0.1, Double.NaN, Double.NaN, 40, 25),
            new EpochMetrics(3, 0.1, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 40, 25));
    TrainingCharts.write(history, dir);
    assertChart(dir.resolve("loss.png"));
    assertChart(dir.resolve("accuracy.png"));
  }

  @Test
  void writesNothingWithoutHistory() throws IOException {
    TrainingCharts.write(List.of(), dir);
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void runsHeadless() {
    TrainingCharts.write(history(1), dir);
    // Either the test JVM chose a mode itself, or the charts switched AWT to headless before starting it.
    assertNotNull(System.getProperty("java.awt.headless"));
  }

  private static void assertChart(Path png) throws IOException {
    assertTrue(Files.size(png) > 5_000, png + " is suspiciously small");
    BufferedImage image = ImageIO.read(png.toFile());
    assertNotNull(image, png + " is not a readable image");
    assertEquals(800, image.getWidth());
    assertEquals(600, image.getHeight());
    assertFalse(isOneColour(image), png + " is blank");
  }

  private static boolean isOneColour(BufferedImage image) {
    int first = image.getRGB(0, 0);
    for (int y = 0; y < image.getHeight(); y += 7) {
      for (int x = 0; x < image.getWidth(); x += 7) {
        if (image.getRGB(x, y) != first) {
          return false;
        }
      }
    }
    return true;
  }
}
