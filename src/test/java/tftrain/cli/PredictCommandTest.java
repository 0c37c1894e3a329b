package tftrain.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Dimension;
import java.awt.Point;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.data.TrainValData;
import tftrain.report.ContactSheet;
import tftrain.report.Prediction;
import tftrain.serving.Predictor;
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
    Run overInput = Run.of("predict", "--model", model.toString(), "--input", image.toString(),
        "-o", image.toString(), "--overwrite");
    assertEquals(2, overInput.exitCode());
    assertTrue(overInput.err().startsWith("tftrain: error: refusing to write -o " + image
        + ": it is one of the inputs"), overInput.err());
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
  void aFolderOfNumberedExportsIsReadAtItsHighestVersionAsServingWould() throws Exception {
    Path base = temp.resolve("served");
    for (String version : new String[] {"2", "10"}) {
      Run export = Run.of("export", "--model", model.toString(), "-o", base.toString(), "--model-version", version);
      assertEquals(0, export.exitCode(), export.err());
    }
    Path image = data.resolve("val/blue/blue.0.jpg");
    Run predicted = Run.of("predict", "--model", base.toString(), "--input", image.toString());
    assertEquals(0, predicted.exitCode(), predicted.err());
    assertTrue(predicted.err().contains("note: using " + base.resolve("10") + ", the highest version in " + base),
        predicted.err());
    Run again = Run.of("export", "--model", base.toString(), "-o", temp.resolve("re-exported").toString());
    assertEquals(0, again.exitCode(), again.err());
    assertTrue(again.err().contains("note: using " + base.resolve("10")), again.err());
  }

  @Test
  void oversizedImagesGetErrorRowsInPredictAndInTheExportedModel() throws Exception {
    Path big =
        TestImages.write(TestImages.image(0, 90, 90, new java.util.Random(2)), temp.resolve("big/big.png"), "png");
    Path small =
        TestImages.write(TestImages.image(0, 70, 70, new java.util.Random(3)), temp.resolve("big/small.png"), "png");
    Run predicted = Run.of("predict", "--model", model.toString(), "--input", big.getParent().toString(),
        "--max-pixels", "5000", "--format", "csv");
    assertEquals(0, predicted.exitCode(), predicted.err());
    assertTrue(predicted.out().contains("image is 90 x 90 pixels, over the limit of 5000 (--max-pixels)"),
        predicted.out());
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

  @Test
  void theModelIsAnInputThatNoReportMayReplace() throws Exception {
    Path graph = model.resolve("saved_model.pb");
    byte[] before = Files.readAllBytes(graph);
    Run overModel = Run.of("predict", "--model", model.toString(), "--input", data.resolve("val").toString(),
        "-o", graph.toString(), "--overwrite");
    assertEquals(2, overModel.exitCode(), overModel.err());
    assertTrue(overModel.err().contains("it is inside the input " + model), overModel.err());
    assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(graph)), "the model is untouched");
    Run intoData = Run.of("predict", "--model", model.toString(), "--input", data.resolve("val/blue").toString(),
        "-o", data.resolve("train/zzz/report.csv").toString());
    assertEquals(2, intoData.exitCode(), intoData.err());
    assertTrue(intoData.err().contains("inside the input " + data.resolve("train")), intoData.err());
  }

  @Test
  void anExportThroughALinkToTheRunCannotReplaceTheRunsOwnModels() throws Exception {
    Path run = model.getParent();
    Path alias = Files.createSymbolicLink(temp.resolve("alias-of-run"), run);
    byte[] before = Files.readAllBytes(model.resolve("saved_model.pb"));
    Run over = Run.of("export", "--model", run.toString(), "-o", alias.resolve("best").toString(), "--overwrite");
    assertEquals(2, over.exitCode(), over.err());
    assertTrue(over.err().contains("must not be inside or around the model"), over.err());
    assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(model.resolve("saved_model.pb"))),
        "best/ is untouched");
  }

  @Test
  void exportOverwriteReplacesOnlyAnEarlierExportAndNamesIt() throws Exception {
    Path home = Files.createDirectories(temp.resolve("home"));
    Files.createDirectories(home.resolve(".ssh"));
    Files.writeString(home.resolve(".ssh/id_ed25519"), "secret");
    Run refused = Run.of("export", "--model", model.toString(), "-o", home.toString(), "--overwrite");
    assertEquals(2, refused.exitCode(), refused.err());
    assertTrue(refused.err().contains("it holds .ssh/"), refused.err());
    assertEquals("secret", Files.readString(home.resolve(".ssh/id_ed25519")));

    Path target = temp.resolve("exported-twice");
    assertEquals(0, Run.of("export", "--model", model.toString(), "-o", target.toString()).exitCode());
    Run again = Run.of("export", "--model", model.toString(), "-o", target.toString(), "--overwrite");
    assertEquals(0, again.exitCode(), again.err());
    assertTrue(again.err().contains("--overwrite: replacing ") && again.err().contains("saved_model.pb")
        && again.err().contains("variables/"), again.err());
    Run intoData = Run.of("export", "--model", model.toString(), "-o", data.resolve("train/zzz").toString());
    assertEquals(2, intoData.exitCode(), intoData.err());
    assertTrue(intoData.err().contains("inside the input " + data.resolve("train")), intoData.err());
    assertTrue(!Files.exists(data.resolve("train/zzz")));
  }

  private static final int VERMILLION = 0xD55E00;
  private static final int BLUISH_GREEN = 0x009E73;

  private static BufferedImage readPng(Path file) throws Exception {
    BufferedImage image = ImageIO.read(file.toFile());
    assertNotNull(image, file + " is a PNG that ImageIO reads");
    return image;
  }

  private static Dimension size(BufferedImage image) {
    return new Dimension(image.getWidth(), image.getHeight());
  }

  /** The colour just outside tile {@code index}'s thumbnail, i.e. its frame. */
  private static int frameColour(BufferedImage sheet, int index, int tiles) {
    Point origin = ContactSheet.thumbnailAt(index, tiles);
    return sheet.getRGB(origin.x - 1, origin.y + ContactSheet.THUMBNAIL / 2) & 0xFFFFFF;
  }

  @Test
  void theSheetShowsEveryImageWithTheReportsMistakesFirstAndFramedAndSheetMaxBoundsIt() throws Exception {
    Path sheet = temp.resolve("sheet.png");
    Path csv = temp.resolve("sheet.csv");
    Run run = Run.of("predict", "--model", model.toString(), "--input", data.resolve("val").toString(),
        "-o", csv.toString(), "--format", "csv", "--sheet", sheet.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.err().contains("sheet written to " + sheet), run.err());
    // path,predicted,confidence,actual,error: the mistakes according to the report.
    long wrong = Files.readAllLines(csv).stream().skip(1).map(line -> line.split(","))
        .filter(cells -> !cells[1].equals(cells[3])).count();
    BufferedImage image = readPng(sheet);
    assertEquals(ContactSheet.size(4), size(image), "4 validation images, 4 tiles");
    for (int i = 0; i < 4; i++) {
      assertEquals(i < wrong ? VERMILLION : BLUISH_GREEN, frameColour(image, i, 4),
          "tile " + i + " of " + wrong + " wrong");
    }

    Path one = temp.resolve("one.png");
    Run bounded = Run.of("predict", "--model", model.toString(), "--input", data.resolve("val").toString(),
        "--sheet", one.toString(), "--sheet-max", "1");
    assertEquals(0, bounded.exitCode(), bounded.err());
    BufferedImage single = readPng(one);
    assertEquals(ContactSheet.size(1), size(single));
    assertEquals(wrong > 0 ? VERMILLION : BLUISH_GREEN, frameColour(single, 0, 1), "a mistake first when there is one");
  }

  @Test
  void theSheetFollowsTheRulesOfEveryOutputFileBeforeAnyWork() throws Exception {
    Path image = data.resolve("val/blue/blue.0.jpg");
    Path existing = Files.writeString(temp.resolve("mine.png"), "my picture");
    List<List<String>> refused = List.of(
        List.of("--sheet", existing.toString()),
        List.of("--sheet", image.toString(), "--overwrite"),
        List.of("--sheet", temp.resolve("sheet.jpg").toString()),
        List.of("--sheet", temp.resolve("both.png").toString(), "-o", temp.resolve("both.png").toString()),
        List.of("--sheet", temp.resolve("new.png").toString(), "--sheet-max", "0"),
        List.of("--sheet", temp.resolve("new.png").toString(), "--sheet-max", "513"),
        List.of("--sheet", data.resolve("train/blue/zzz.png").toString()));
    List<String> messages = List.of("--sheet " + existing + " already exists", "it is one of the inputs",
        "give a file name ending in .png", "--sheet and -o name the same file", "--sheet-max must be from 1 to 512",
        "--sheet-max must be from 1 to 512", "inside the input " + data.resolve("train"));
    for (int i = 0; i < refused.size(); i++) {
      List<String> args =
          new java.util.ArrayList<>(List.of("predict", "--model", model.toString(), "--input", image.toString()));
      args.addAll(refused.get(i));
      Run run = Run.of(args.toArray(String[]::new));
      assertEquals(2, run.exitCode(), String.join(" ", args));
      assertTrue(run.err().contains(messages.get(i)), run.err());
      assertEquals("", run.out(), "refused before predicting");
    }
    assertEquals("my picture", Files.readString(existing));
    assertTrue(Files.size(image) > 100, "the input image is untouched");
    assertTrue(!Files.exists(temp.resolve("both.png")) && !Files.exists(temp.resolve("new.png")));
    assertTrue(!Files.exists(data.resolve("train/blue/zzz.png")), "nothing lands in the model's training data");

    Run replaced = Run.of("predict", "--model", model.toString(), "--input", image.toString(),
        "--sheet", existing.toString(), "--overwrite");
    assertEquals(0, replaced.exitCode(), replaced.err());
    assertEquals(ContactSheet.size(1), size(readPng(existing)));
  }

  @Test
  void theSheetsPicturesAreTheNetworkInputOfTheSameRunAndThePredictionsDoNotChange() throws Exception {
    List<Path> files;
    try (var walk = Files.walk(data.resolve("val"))) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    float[] inputs;
    List<Prediction> plain;
    List<Prediction> sheetPath;
    int side;
    try (Predictor predictor = Predictor.load(model, null)) {
      side = predictor.metadata().imageSize();
      int perImage = side * side * 3;
      float[] fetched = new float[files.size() * perImage];
      inputs = fetched;
      plain = predictor.predict(files);
      List<Integer> seen = new java.util.ArrayList<>();
      sheetPath = predictor.predict(files, (index, prediction, images, row) -> {
        seen.add(index);
        assertEquals(files.get(index), prediction.path());
        float[] one = new float[perImage];
        images.asRawTensor().data().asFloats().offset((long) row * perImage).read(one);
        System.arraycopy(one, 0, fetched, index * perImage, perImage);
      });
      assertEquals(java.util.stream.IntStream.range(0, files.size()).boxed().toList(), seen);
    }
    for (int i = 0; i < files.size(); i++) {
      assertArrayEquals(plain.get(i).probabilities(), sheetPath.get(i).probabilities(), "file " + i);
    }
    // Fed back through the model's float signature, the fetched inputs give the same probabilities.
    try (SavedModelBundle bundle = SavedModelBundle.load(model.toString(), "serve");
        TFloat32 images = TFloat32.tensorOf(Shape.of(files.size(), side, side, 3), DataBuffers.of(inputs));
        Result result = bundle.function("preprocessed").call(Map.of("images", images))) {
      TFloat32 probabilities = (TFloat32) result.get("probabilities").orElseThrow();
      for (int i = 0; i < files.size(); i++) {
        for (int c = 0; c < 2; c++) {
          assertEquals(plain.get(i).probabilities()[c], probabilities.getFloat(i, c), 1e-5, "file " + i);
        }
      }
    }
  }
}
