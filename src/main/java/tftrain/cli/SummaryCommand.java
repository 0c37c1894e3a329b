package tftrain.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tftrain.io.AtomicFiles;
import tftrain.io.OutputFiles;
import tftrain.model.LayerInfo;
import tftrain.model.ModelSpec;
import tftrain.model.ModelSummary;

/** {@code tftrain summary}: the network layer by layer, and its GraphDef under graphs/. */
@Command(
    name = "summary",
    mixinStandardHelpOptions = true,
    description = "Print AlexNet's layers, output shapes and parameter counts; "
        + "write its GraphDef (text) under graphs/.")
final class SummaryCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = "--num-classes", paramLabel = "N", defaultValue = "2",
      description = "Classes (default: ${DEFAULT-VALUE}).")
  int numClasses;

  @Option(names = "--image-size", paramLabel = "S", defaultValue = "224",
      description = "Input side (default: ${DEFAULT-VALUE}).")
  int imageSize;

  @Option(names = "--graph-dir", paramLabel = "DIR", defaultValue = "graphs",
      description = "Where the GraphDef text goes (default: ${DEFAULT-VALUE}).")
  Path graphDir;

  @Option(names = "--overwrite",
      description = "Replace an existing GraphDef that differs (regenerate the golden on purpose).")
  boolean overwrite;

  @Mixin VerboseOption verbose;

  @Override
  public Integer call() throws Exception {
    ModelSpec modelSpec = new ModelSpec(numClasses, imageSize, 0);
    ModelSummary summary = ModelSummary.of(modelSpec);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "AlexNet for %d classes, input %d×%d×3 (NHWC)%n", numClasses, imageSize, imageSize);
    out.printf(Locale.ROOT, "%-10s %-22s %14s%n", "layer", "output shape", "parameters");
    for (LayerInfo layer : summary.layers()) {
      out.printf(Locale.ROOT, "%-10s %-22s %,14d%n", layer.name(), shapeText(layer), layer.parameters());
    }
    out.printf(Locale.ROOT, "%-10s %-22s %,14d%n", "total", "", summary.parameterCount());
    Path graphFile =
        OutputFiles.requireNonEmpty(graphDir, "--graph-dir").resolve(ModelSummary.graphFileName(modelSpec));
    String graphText = summary.graphDefText();
    if (Files.isRegularFile(graphFile) && Files.readString(graphFile).equals(graphText)) {
      out.println("GraphDef unchanged: " + graphFile);
      return 0;
    }
    OutputFiles.checkWritable(graphFile, "GraphDef", overwrite, List.of());
    AtomicFiles.writeString(graphFile, graphText);
    out.println("GraphDef written to " + graphFile);
    return 0;
  }

  private static String shapeText(LayerInfo layer) {
    return Arrays.stream(layer.outputShape().asArray())
        .mapToObj(dimension -> dimension < 0 ? "N" : Long.toString(dimension))
        .collect(Collectors.joining(", ", "[", "]"));
  }
}
