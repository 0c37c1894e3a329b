package tftrain.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tftrain.BadInputException;
import tftrain.io.OutputFiles;
import tftrain.serving.ModelExporter;
import tftrain.serving.ModelMetadata;
import tftrain.serving.ModelSource;
import tftrain.train.RunFolder;
import tftrain.train.TrainedModels;

/** {@code tftrain export}: a lean SavedModel for serving, from a bundle, a run or a checkpoint. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Write a lean SavedModel for serving, with the training preprocessing inside.",
      "Signatures: serving_default (JPEG/PNG/BMP/GIF bytes, any size up to the model's pixel limit) and",
      "preprocessed (float images); both return probabilities and classes."
    })
final class ExportCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = "--model", paramLabel = "PATH", required = true,
      description = "A run's best/ or last/, a run folder (its latest checkpoint), a checkpoint/ folder or an "
          + "export (of a folder of numbered versions, the highest).")
  Path model;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR", required = true,
      description = "Where the SavedModel goes (with --model-version N: DIR/N/, the TensorFlow Serving layout).")
  Path output;

  @Option(names = "--model-version", paramLabel = "N",
      description = "Write into DIR/N, the layout of TensorFlow Serving's model_base_path.")
  Long version;

  @Option(names = "--overwrite",
      description = "Replace an earlier export in the target folder (never a folder holding anything else).")
  boolean overwrite;

  @Option(names = "--max-pixels", paramLabel = "N",
      description = "The decode limit built into the exported model "
          + "(default: the source model's, 100000000 unless set).")
  Long maxPixels;

  @Mixin VerboseOption verbose;

  @Override
  public Integer call() throws Exception {
    if (version != null && version < 1) {
      throw new BadInputException("--model-version must be a positive number, got " + version);
    }
    if (maxPixels != null && maxPixels < 1) {
      throw new BadInputException("--max-pixels must be at least 1, got " + maxPixels);
    }
    OutputFiles.requireNonEmpty(model, "--model");
    OutputFiles.requireNonEmpty(output, "-o");
    model = ServedVersion.of(model, spec.commandLine().getErr());
    RunFolder.cleanLeftoversNear(model);
    ModelSource source = TrainedModels.resolve(model);
    if (maxPixels != null) {
      source = source.withMaxPixels(maxPixels);
    }
    Path target = version == null ? output : output.resolve(Long.toString(version));
    for (Path data : TrainedModels.trainingDataOf(model)) {
      OutputFiles.refuseOnOrInside(target, "-o", data);
    }
    List<String> replaced = ModelExporter.export(source, target, overwrite);
    if (!replaced.isEmpty()) {
      spec.commandLine().getErr().println(
          "warning: --overwrite: replacing " + String.join(", ", replaced) + " in " + target);
    }
    ModelMetadata metadata = source.metadata();
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "Exported %s (epoch %d, %d classes: %s, input %d×%d) to %s, %.1f MB%n",
        model, metadata.epoch(), metadata.classes().size(), String.join(", ", metadata.classes()),
        metadata.imageSize(), metadata.imageSize(), target, sizeInMegabytes(target));
    out.println("Labels: " + target.resolve(ModelMetadata.FOLDER).resolve(ModelMetadata.LABELS_FILE));
    return 0;
  }

  private static double sizeInMegabytes(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).mapToLong(path -> path.toFile().length()).sum() / 1e6;
    }
  }
}
