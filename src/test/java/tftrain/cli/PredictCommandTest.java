package tftrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.data.TrainValData;
import tftrain.testing.TestConfigs;
import tftrain.testing.TestImages;
import tftrain.train.Trainer;

/** predict's and export's output and pixel rules, on a one-epoch model. */
class PredictCommandTest {

  @TempDir static Path temp;
  static Path data;
  static Path model;

  @BeforeAll
  static void trainATinyModel() throws Exception {
    data = TestImages.trainValFolders(temp.resolve("data"), 2, 8, 2, 70, 3);
    Path run = temp.resolve("run");
    new Trainer(Trainer.Setup.single(TestConfigs.small(data, 1, 1), TrainValData.fromDataDir(data), run),
        new tftrain.train.TrainingListener() {}, () -> false).run(null);
    model = run.resolve("best");
  }

  @Test
  void theReportNeverReplacesAnInputAndAnExistingFileNeedsOverwrite() throws Exception {
    Path image = data.resolve("val/blue/blue.0.jpg");
    byte[] before = Files.readAllBytes(image);
    Run overInput = Run.of("predict", "--model", model.toString(), "--input", image.toString(), "-o", image.toString(), "--overwrite");
    assertEquals(2, overInput.exitCode());
    assertTrue(overInput.err().startsWith("tftrain: error: refusing to write -o " + image + ": it is one of the inputs"), overInput.err());
    assertEquals(before.length, Files.readAllBytes(image).length, "the image is untouched");

    Path report = Files.writeString(temp.resolve("report.csv"), "my data");
    Run existing = Run.of("predict", "--model", model.toString(), "--input", image.toString(), "-o", report.toString());
    assertEquals(2, existing.exitCode());
    assertTrue(existing.err().contains("already exists; choose another file, or pass --overwrite"), existing.err());
    assertEquals("my data", Files.readString(report));
    Run replaced = Run.of("predict", "--model", model.toString(), "--input", image.toString(), "-o", report.toString(),
        "--overwrite", "--format", "csv");
    assertEquals(0, replaced.exitCode(), replaced.err());
    assertTrue(Files.readString(report).startsWith("path,predicted"));
  }

  @Test
  void oversizedImagesGetErrorRowsInPredictAndInTheExportedModel() throws Exception {
    Path big = TestImages.write(TestImages.image(0, 90, 90, new java.util.Random(2)), temp.resolve("big/big.png"), "png");
    Path small = TestImages.write(TestImages.image(0, 70, 70, new java.util.Random(3)), temp.resolve("big/small.png"), "png");
    Run predicted = Run.of("predict", "--model", model.toString(), "--input", big.getParent().toString(),
        "--max-pixels", "5000", "--format", "csv");
    assertEquals(0, predicted.exitCode(), predicted.err());
    assertTrue(predicted.out().contains("image is 90 x 90 pixels, over the limit of 5000 (--max-pixels)"), predicted.out());
    assertTrue(predicted.out().lines().anyMatch(line -> line.startsWith(small + ",")
        && (line.contains(",blue,") || line.contains(",red,"))), predicted.out());

    // The limit travels in the exported graph: a serving process refuses the file without tftrain's help.
    Path exported = temp.resolve("export");
    Run export = Run.of("export", "--model", model.toString(), "-o", exported.toString(), "--max-pixels", "5000");
    assertEquals(0, export.exitCode(), export.err());
    try (tftrain.serving.Predictor predictor = tftrain.serving.Predictor.load(exported, null)) {
      predictor.limitPixels(Long.MAX_VALUE); // only the graph's own limit is left
      var rows = predictor.predict(java.util.List.of(big, small));
      assertEquals("image is 90 x 90 pixels, over the limit of 5000 (--max-pixels)", rows.get(0).error());
      assertTrue(!rows.get(1).failed());
    }
  }

  @Test
  void benchRefusesAnExistingJsonBeforeMeasuring() throws Exception {
    Path json = Files.writeString(temp.resolve("bench.json"), "{\"mine\": true}");
    Run bench = Run.of("bench", "--data", data.resolve("train").toString(), "--json", json.toString());
    assertEquals(2, bench.exitCode());
    assertTrue(bench.err().contains("--json " + json + " already exists"), bench.err());
    assertEquals("", bench.out(), "refused before the banner");
  }
}
