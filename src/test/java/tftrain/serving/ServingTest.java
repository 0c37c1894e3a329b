package tftrain.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.types.TFloat32;
import tftrain.BadInputException;
import tftrain.data.Augmentation;
import tftrain.data.BatchDecoder;
import tftrain.data.DecodedBatch;
import tftrain.data.EpochPlan;
import tftrain.data.ImageFolder;
import tftrain.data.TrainValData;
import tftrain.model.OpNames;
import tftrain.report.Prediction;
import tftrain.runtime.ComputeSettings;
import tftrain.runtime.Precision;
import tftrain.testing.TestImages;
import tftrain.testing.TestRuns;
import tftrain.train.TrainedModels;
import tftrain.train.Trainer;
import tftrain.train.TrainingConfig;
import tftrain.train.TrainingState;

@Tag("slow")
class ServingTest {

  private static final ComputeSettings FP32 = ComputeSettings.defaults(Precision.FP32);

  @TempDir static Path temp;
  static Path data;
  static Path run;
  static TrainingState trained;

  @BeforeAll
  static void trainASmallModel() throws Exception {
    data = TestImages.trainValFolders(temp.resolve("data"), 2, 40, 10, 70, 21);
    run = temp.resolve("run");
    TrainingConfig config = tftrain.testing.TestConfigs.small(data, 3, 4);
    trained = new Trainer(Trainer.Setup.single(config, TrainValData.fromDataDir(data), run),
            new tftrain.train.TrainingListener() {}, () -> false)
        .run(null).state();
  }

  private static List<Path> valFiles() {
    return ImageFolder.scan(data.resolve("val")).samples().stream().map(sample -> sample.path()).toList();
  }

  @Test
  void exportLoadedInAFreshProcessGivesTheTrainingBundlesProbabilities() throws Exception {
    Path export = temp.resolve("export");
    ModelExporter.export(TrainedModels.resolve(run.resolve("last")), export, false);
    List<Path> files = valFiles();
    List<Prediction> inProcess;
    try (Predictor predictor = Predictor.load(run.resolve("last"), FP32.sessionConfig())) {
      inProcess = predictor.predict(files);
    }
    TestRuns.Finished fresh = TestRuns.run(temp, 120, "predict", "--model", export.toString(),
        "--input", data.resolve("val").toString(), "--format", "json", "--top-k", "2", "--precision", "fp32");
    assertEquals(0, fresh.exitCode(), fresh.err());
    JsonNode rows = new ObjectMapper().readTree(fresh.out()).get("predictions");
    assertEquals(files.size(), rows.size());
    for (int i = 0; i < files.size(); i++) {
      JsonNode row = rows.get(i);
      assertEquals(files.get(i).toString(), row.get("path").asText());
      for (JsonNode top : row.get("top")) {
        int classIndex = List.of("blue", "red").indexOf(top.get("class").asText());
        assertEquals(inProcess.get(i).probabilities()[classIndex], top.get("probability").floatValue(), 1e-5);
      }
    }
  }

  @Test
  void largeJpegsDecodedAtReducedSizeGiveTheSameProbabilitiesEverywhere() throws Exception {
    // Input 63, resize 72: 600×450 decodes at ratio 4, 1200×900 and 2000×1500 at ratio 8, 300×200 in full.
    Path photos = Files.createDirectories(temp.resolve("photos"));
    java.util.Random random = new java.util.Random(11);
    List<Path> files = new java.util.ArrayList<>();
    for (int[] size : new int[][] {{300, 200}, {600, 450}, {1200, 900}, {2000, 1500}}) {
      files.add(TestImages.write(TestImages.photoLike(size[0], size[1], random),
          photos.resolve("photo-" + size[0] + ".jpg"), "jpg"));
    }
    Path export = temp.resolve("photo-export");
    ModelExporter.export(TrainedModels.resolve(run.resolve("last")), export, false);
    ModelMetadata metadata = ModelMetadata.readFrom(run.resolve("last"));
    List<Prediction> fromBytes;
    try (SavedModelBundle bundle = SavedModelBundle.loader(run.resolve("last").toString())
            .withConfigProto(FP32.sessionConfig()).load();
        BatchDecoder decoder = new BatchDecoder(metadata.preprocessing(), Augmentation.NONE, 2,
            FP32.decodeSessionConfig(), bad -> {});
        DecodedBatch decoded = decoder.decode(EpochPlan.inOrder(
            files.stream().map(path -> new tftrain.data.ImageSample(path, 0)).toList(), 64).get(0), false);
        Result fromFloats = bundle.function(OpNames.FLOAT_SIGNATURE).call(Map.of(OpNames.IMAGES, decoded.images()));
        Predictor predictor = Predictor.load(run.resolve("last"), FP32.sessionConfig())) {
      TFloat32 floatProbabilities = (TFloat32) fromFloats.get(OpNames.PROBABILITIES).orElseThrow();
      fromBytes = predictor.predict(files);
      for (int i = 0; i < files.size(); i++) {
        for (int c = 0; c < 2; c++) {
          assertEquals(fromBytes.get(i).probabilities()[c], floatProbabilities.getFloat(i, c), 1e-5,
              files.get(i).toString());
        }
      }
    }
    TestRuns.Finished fresh = TestRuns.run(temp, 120, "predict", "--model", export.toString(),
        "--input", photos.toString(), "--format", "json", "--top-k", "2", "--precision", "fp32");
    assertEquals(0, fresh.exitCode(), fresh.err());
    JsonNode rows = new ObjectMapper().readTree(fresh.out()).get("predictions");
    assertEquals(files.size(), rows.size());
    for (JsonNode row : rows) {
      int index = files.indexOf(Path.of(row.get("path").asText()));
      for (JsonNode top : row.get("top")) {
        int classIndex = List.of("blue", "red").indexOf(top.get("class").asText());
        assertEquals(fromBytes.get(index).probabilities()[classIndex], top.get("probability").floatValue(), 1e-5);
      }
    }
  }

  @Test
  void exportIsLeanAndCarriesSignaturesAndLabels() throws Exception {
    Path export = temp.resolve("lean");
    ModelExporter.export(TrainedModels.resolve(run), export, false);
    assertEquals("blue\nred\n", Files.readString(export.resolve("assets.extra/labels.txt")));
    try (SavedModelBundle bundle = SavedModelBundle.load(export.toString(), "serve")) {
      Map<String, SignatureDef> signatures = bundle.metaGraphDef().getSignatureDefMap();
      assertEquals(OpNames.PREDICT_METHOD, signatures.get(OpNames.BYTES_SIGNATURE).getMethodName());
      assertEquals(OpNames.PREDICT_METHOD, signatures.get(OpNames.FLOAT_SIGNATURE).getMethodName());
      assertTrue(signatures.get(OpNames.BYTES_SIGNATURE).getOutputsMap().containsKey(OpNames.CLASSES));
    }
    long checkpointBytes = folderSize(run.resolve("checkpoint"));
    long exportBytes = folderSize(export);
    assertTrue(exportBytes < checkpointBytes * 0.6, "no momentum slots: " + exportBytes + " vs " + checkpointBytes);
    org.junit.jupiter.api.Assertions.assertThrows(BadInputException.class,
        () -> ModelExporter.export(TrainedModels.resolve(run), export, false));
  }

  @Test
  void bytesAndFloatSignaturesAgree() {
    List<Path> files = valFiles().subList(0, 6);
    ModelMetadata metadata = ModelMetadata.readFrom(run.resolve("best"));
    try (SavedModelBundle bundle = SavedModelBundle.loader(run.resolve("best").toString())
            .withConfigProto(FP32.sessionConfig()).load();
        BatchDecoder decoder = new BatchDecoder(metadata.preprocessing(), Augmentation.NONE, 1,
            FP32.decodeSessionConfig(), bad -> {});
        DecodedBatch decoded = decoder.decode(EpochPlan.inOrder(
            files.stream().map(path -> new tftrain.data.ImageSample(path, 0)).toList(), 64).get(0), false);
        Result fromFloats = bundle.function(OpNames.FLOAT_SIGNATURE).call(Map.of(OpNames.IMAGES, decoded.images()));
        Predictor predictor = Predictor.load(run.resolve("best"), FP32.sessionConfig())) {
      TFloat32 floatProbabilities = (TFloat32) fromFloats.get(OpNames.PROBABILITIES).orElseThrow();
      List<Prediction> fromBytes = predictor.predict(files);
      for (int i = 0; i < files.size(); i++) {
        for (int c = 0; c < 2; c++) {
          assertEquals(fromBytes.get(i).probabilities()[c], floatProbabilities.getFloat(i, c), 1e-5);
        }
      }
    }
  }

  @Test
  void predictOnTheValFolderMatchesTrainingsValAccuracy() throws Exception {
    TestRuns.Finished predicted = TestRuns.run(temp, 120, "predict", "--model", run.resolve("last").toString(),
        "--input", data.resolve("val").toString(), "--precision", "fp32");
    assertEquals(0, predicted.exitCode(), predicted.err());
    double trainedValAccuracy = trained.history().get(trained.history().size() - 1).valAccuracy();
    assertTrue(predicted.out().contains(String.format(java.util.Locale.ROOT, "accuracy %.4f", trainedValAccuracy)),
        "expected accuracy " + trainedValAccuracy + " in:\n" + predicted.out());
    assertTrue(predicted.out().contains("actual\\pred"), predicted.out());
  }

  @Test
  void corruptFilesGetErrorRowsAndTheRestIsClassified() throws Exception {
    Path mixed = Files.createDirectories(temp.resolve("mixed"));
    Files.copy(valFiles().get(0), mixed.resolve("good.jpg"));
    Files.writeString(mixed.resolve("broken.jpg"), "this is text");
    Files.writeString(mixed.resolve("notes.txt"), "not an image");
    TestRuns.Finished predicted = TestRuns.run(temp, 120, "predict", "--model", run.resolve("best").toString(),
        "--input", mixed.toString(), "--format", "csv");
    assertEquals(0, predicted.exitCode(), predicted.err());
    List<String> lines = predicted.out().strip().lines().toList();
    assertEquals(3, lines.size(), predicted.out());
    assertTrue(lines.get(1).contains("broken.jpg") && lines.get(1).contains("not a JPEG, PNG, GIF or BMP file"),
        lines.get(1));
    assertTrue(lines.get(2).contains("good.jpg") && (lines.get(2).contains(",blue,") || lines.get(2).contains(",red,")),
        lines.get(2));
    assertTrue(predicted.err().contains("skipped " + mixed.resolve("notes.txt")), predicted.err());
  }

  private static long folderSize(Path folder) throws Exception {
    try (var files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).mapToLong(path -> path.toFile().length()).sum();
    }
  }
}
