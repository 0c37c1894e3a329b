package tftrain.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tftrain.BadInputException;
import tftrain.data.NetworkInputImages;
import tftrain.data.Normalization;
import tftrain.io.AtomicFiles;
import tftrain.io.OutputFiles;
import tftrain.report.ConfusionMatrix;
import tftrain.report.ContactSheet;
import tftrain.report.Prediction;
import tftrain.report.PredictionReport;
import tftrain.serving.PredictionInputs;
import tftrain.serving.Predictor;
import tftrain.train.RunFolder;
import tftrain.train.TrainedModels;

/** {@code tftrain predict}: classify image files with a trained or exported model. */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Classify images with a model (a run's best/ or last/, or an export).",
      "Given one ImageFolder whose classes the model knows, also prints accuracy and a confusion matrix."
    })
final class PredictCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = "--model", paramLabel = "DIR", required = true, description = "The SavedModel folder.")
  Path model;

  @Option(names = "--input", paramLabel = "PATH", required = true, arity = "1..*",
      description = "Image files or folders (searched recursively).")
  List<Path> inputs;

  @Option(names = "--top-k", paramLabel = "K", defaultValue = "1",
      description = "List the K most likely classes (default: ${DEFAULT-VALUE}).")
  int topK;

  @Option(names = "--format", paramLabel = "F", defaultValue = "table",
      description = "table, csv or json (default: ${DEFAULT-VALUE}).")
  PredictionReport.Format format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write the report to FILE instead of the console.")
  Path output;

  @Option(names = "--overwrite", description = "Replace an existing -o or --sheet FILE (never one of the inputs).")
  boolean overwrite;

  @Option(names = "--sheet", paramLabel = "FILE.png",
      description = "Also draw a contact sheet: the images as the model saw them, captioned with the predicted "
          + "(and, for a labelled folder, the actual) class, mistakes framed and first.")
  Path sheet;

  @Option(names = "--sheet-max", paramLabel = "N", defaultValue = "64",
      description = "Images on the --sheet at most (default: ${DEFAULT-VALUE}).")
  int sheetMax;

  @Option(names = "--max-pixels", paramLabel = "N",
      description = "Give images whose header declares more pixels an error row "
          + "(default: the model's limit, 100000000 unless exported otherwise).")
  Long maxPixels;

  @Option(names = {"-b", "--batch-size"}, paramLabel = "N", defaultValue = "64",
      description = "Images per run (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Mixin ComputeOptions compute;

  @Mixin VerboseOption verbose;

  @Override
  public Integer call() throws Exception {
    if (batchSize < 1 || topK < 1) {
      throw new BadInputException("--batch-size and --top-k must be at least 1");
    }
    if (sheetMax < 1 || sheetMax > ContactSheet.MAX_TILES) {
      throw new BadInputException(
          "--sheet-max must be from 1 to " + ContactSheet.MAX_TILES + " (one picture), got " + sheetMax);
    }
    if (maxPixels != null && maxPixels < 1) {
      throw new BadInputException("--max-pixels must be at least 1, got " + maxPixels);
    }
    for (Path input : inputs) {
      OutputFiles.requireNonEmpty(input, "--input");
    }
    OutputFiles.requireNonEmpty(model, "--model");
    model = ServedVersion.of(model, spec.commandLine().getErr());
    // Before any work: no output may replace a file the user has, least of all an input (the images, the
    // model), nor land inside the model's training data.
    List<Path> read = new ArrayList<>(inputs);
    read.add(model);
    read.addAll(TrainedModels.trainingDataOf(model));
    if (output != null) {
      OutputFiles.checkWritable(output, "-o", overwrite, read);
    }
    if (sheet != null) {
      checkSheetPath(read);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    RunFolder.cleanLeftoversNear(model);
    try (Predictor predictor = Predictor.load(model, compute.settings().sessionConfig())) {
      if (maxPixels != null) {
        predictor.limitPixels(maxPixels);
      }
      if (!predictor.precisionNote().isEmpty()) {
        err.println("note: " + predictor.precisionNote());
      }
      List<String> classes = predictor.metadata().classes();
      PredictionInputs inputFiles = PredictionInputs.collect(inputs, classes);
      for (Path skipped : inputFiles.skipped()) {
        err.println("warning: skipped " + skipped + ": not an image (.jpg .jpeg .png .bmp .gif)");
      }
      List<Path> files = inputFiles.files();
      List<Prediction> predictions = new ArrayList<>(files.size());
      ContactSheet contactSheet = sheet == null ? null : new ContactSheet(classes, sheetMax, false);
      Normalization normalization = predictor.metadata().preprocessing().normalization();
      int[] actual = inputFiles.actualLabels();
      long started = System.nanoTime();
      for (int start = 0; start < files.size(); start += batchSize) {
        List<Path> batch = files.subList(start, Math.min(files.size(), start + batchSize));
        int offset = start;
        predictions.addAll(contactSheet == null ? predictor.predict(batch)
            : predictor.predict(batch, (index, prediction, images, row) -> contactSheet.offer(prediction,
                actual == null ? -1 : actual[offset + index],
                () -> NetworkInputImages.picture(images, row, normalization))));
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      PredictionReport report = new PredictionReport(predictions, classes, inputFiles.actualLabels(), topK);
      String rendered = report.render(format);
      if (output != null) {
        AtomicFiles.writeString(output, rendered);
      } else {
        out.print(rendered);
      }
      for (Prediction failed : predictions.stream().filter(Prediction::failed).toList()) {
        err.println("warning: could not classify " + failed.path() + ": " + failed.error());
      }
      if (contactSheet != null) {
        contactSheet.write(sheet, "tftrain predict: " + model + " on "
            + String.join(" ", inputs.stream().map(Path::toString).toList()));
      }
      ConfusionMatrix matrix = report.confusionMatrix();
      String summary =
          String.format(Locale.ROOT, "%d image(s) in %.1fs (%.1f img/s)", files.size(), seconds, files.size() / seconds)
          + (matrix == null ? "" : String.format(Locale.ROOT, ", accuracy %.4f", matrix.accuracy()))
          + (output == null ? "" : ", report written to " + output)
          + (sheet == null ? "" : ", sheet written to " + sheet);
      (output == null && format == PredictionReport.Format.TABLE ? out : err).println(summary);
      return 0;
    }
  }

  /** The sheet follows the rule of every output file, is a PNG, and is not the report too. */
  private void checkSheetPath(List<Path> read) {
    OutputFiles.checkWritable(sheet, "--sheet", overwrite, read);
    if (!sheet.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
      throw new BadInputException("--sheet " + sheet + " is written as a PNG; give a file name ending in .png");
    }
    if (output != null && sheet.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize())) {
      throw new BadInputException("--sheet and -o name the same file " + sheet + "; give two files");
    }
  }
}
