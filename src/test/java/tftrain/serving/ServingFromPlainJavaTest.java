package tftrain.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.data.ImageFolder;
import tftrain.model.ModelSpec;
import tftrain.report.Prediction;
import tftrain.testing.TestConfigs;
import tftrain.testing.TestImages;
import tftrain.testing.TestRuns;
import tftrain.testing.TestWeights;
import tftrain.train.TrainedModels;
import tftrain.train.TrainingConfig;

/**
 * {@link ServingFromPlainJavaExample}, the README's ten lines, run as a service would run them: in a JVM whose
 * classpath holds TensorFlow Java but not tftrain's classes, on an export tftrain wrote; its answers are
 * the ones {@code tftrain predict} gives for the same files.
 */
@Tag("slow")
class ServingFromPlainJavaTest {

  private static final List<String> CLASSES = List.of("cat", "dog");

  @Test
  void plainTensorFlowJavaClassifiesImageBytesThroughTheExportsServingSignature(@TempDir Path temp) throws Exception {
    TrainingConfig config = TestConfigs.small(temp.resolve("data"), 1, 1);
    String weights = temp.resolve("weights").toString();
    TestWeights.saveInitial(new ModelSpec(CLASSES.size(), config.model().imageSize(), 1), weights);
    Path export = temp.resolve("export");
    var metadata = TrainedModels.metadata(CLASSES, config, 1, 0.5);
    try (InferenceGraph graph = new InferenceGraph(metadata, 1, null)) {
      graph.restore(weights);
      graph.export(export, metadata);
    }
    Path images = TestImages.imageFolder(temp.resolve("images"), 2, 2, 70, 3);
    List<Path> files = ImageFolder.scan(images).samples().stream().map(sample -> sample.path()).toList();

    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dorg.bytedeco.javacpp.cachedir=" + System.getProperty("org.bytedeco.javacpp.cachedir"),
        "-Dorg.bytedeco.javacpp.cachedir.nosubdir=true",
        "-cp", classpathWithoutTftrain(), ServingFromPlainJavaExample.class.getName(), export.toString()));
    files.forEach(file -> command.add(file.toString()));
    Path out = temp.resolve("out.txt");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the example did not finish");
    List<String> lines = Files.readAllLines(out).stream().filter(line -> line.startsWith(temp.toString())).toList();
    assertEquals(0, process.exitValue(), Files.readString(out));
    assertEquals(files.size(), lines.size(), Files.readString(out));

    try (Predictor predictor = Predictor.load(export, null)) {
      List<Prediction> expected = predictor.predict(files);
      for (int i = 0; i < files.size(); i++) {
        String[] fields = lines.get(i).split(" ");
        Prediction prediction = expected.get(i);
        assertEquals(files.get(i).toString(), fields[0]);
        assertEquals(CLASSES.get(prediction.predictedClass()), fields[1], lines.get(i));
        assertEquals(prediction.probabilities()[prediction.predictedClass()], Float.parseFloat(fields[2]), 1e-6,
            lines.get(i));
      }
    }
  }

  /** The tests' classpath less the folder of tftrain's main classes: TensorFlow Java and the test classes. */
  private static String classpathWithoutTftrain() throws Exception {
    Path mainClasses = Path.of(InferenceGraph.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> entries = Arrays.stream(TestRuns.classpath().split(File.pathSeparator))
        .filter(entry -> !Path.of(entry).toAbsolutePath().normalize().equals(mainClasses.toAbsolutePath().normalize()))
        .toList();
    assertEquals(TestRuns.classpath().split(File.pathSeparator).length - 1, entries.size(),
        "tftrain's classes left out");
    return String.join(File.pathSeparator, entries);
  }
}
