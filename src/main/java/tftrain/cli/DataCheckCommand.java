package tftrain.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tftrain.BadInputException;
import tftrain.data.DataCheck;
import tftrain.io.OutputFiles;
import tftrain.runtime.ComputeSettings;
import tftrain.runtime.Precision;

/** {@code tftrain data check}: what a long run would meet in a data folder, before it starts. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Check an ImageFolder before training: classes and counts (train/ and val/, or one tree),",
      "class balance, corrupt or oversized files (from headers; --decode decodes every file),",
      "identical files, above all the same image in train and val (leakage).",
      "Exits with 2 when training would fail (or learn a class it never sees), naming why;",
      "with --strict also when files would be skipped or train and val share images.",
      ""
    },
    footer = {"", "Example: tftrain data check data --decode"})
final class DataCheckCommand implements Callable<Integer> {

  /** Largest over smallest class above this is worth a warning: the model learns the majority. */
  private static final double IMBALANCE_WARNING = 3.0;

  @Spec private CommandSpec spec;

  @Mixin VerboseOption verbose;

  @Parameters(index = "0", paramLabel = "DIR",
      description = "Folder with train/ and val/, or one folder of class folders.")
  Path folder;

  @Option(names = "--decode",
      description = "Also decode every file with the training pipeline (slower, finds damage past the header).")
  boolean decode;

  @Option(names = "--max-pixels", paramLabel = "N", defaultValue = "100000000",
      description = "Report images whose header declares more pixels, as training skips them "
          + "(default: ${DEFAULT-VALUE}).")
  long maxPixels;

  @Option(names = "--strict",
      description = "Also exit with 2 when training would skip files or train and val share images (for scripts).")
  boolean strict;

  @Override
  public Integer call() throws IOException {
    OutputFiles.requireNonEmpty(folder, "DIR");
    if (maxPixels < 1) {
      throw new BadInputException("--max-pixels must be at least 1, got " + maxPixels);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DataCheck.Report report = DataCheck.run(folder, maxPixels, decode,
        decode ? ComputeSettings.defaults(Precision.FP32).decodeSessionConfig() : null);
    List<String> classNames =
        report.splits().stream().flatMap(s -> s.imagesPerClass().keySet().stream()).distinct().toList();
    LocaleHint.warnIfNeeded(classNames, err);

    out.printf(Locale.ROOT, "Checked %s (%s): %d images, %s%n", folder,
        report.splits().size() == 2 ? "train/ and val/" : "one class-folder tree", report.images(),
        report.decoded() ? "every file decoded" : "headers only (--decode decodes every file)");
    int nameWidth = Math.max(5, classNames.stream().mapToInt(String::length).max().orElse(0));
    String row = "  %-5s  %-" + nameWidth + "s  %7s%n";
    out.printf(Locale.ROOT, row, "split", "class", "images");
    for (DataCheck.Split split : report.splits()) {
      for (Map.Entry<String, Integer> entry : split.imagesPerClass().entrySet()) {
        out.printf(Locale.ROOT, row, split.name(), entry.getKey(), entry.getValue());
      }
    }
    for (DataCheck.Split split : report.splits()) {
      int max = split.imagesPerClass().values().stream().mapToInt(Integer::intValue).max().orElse(0);
      int min = split.imagesPerClass().values().stream().mapToInt(Integer::intValue).min().orElse(0);
      if (min > 0) {
        double ratio = (double) max / min;
        out.printf(Locale.ROOT, "Class balance (%s): largest/smallest %.2f%s%n", split.name(), ratio,
            ratio > IMBALANCE_WARNING ? " — imbalanced: accuracy will favour the large classes" : "");
      }
    }
    out.printf(Locale.ROOT, "Files training would skip: %d%n", report.badFiles().size());
    for (DataCheck.Problem problem : report.badFiles()) {
      out.printf(Locale.ROOT, "  %s: %s%n", problem.path(), problem.reason());
    }
    out.printf(Locale.ROOT, "Identical files: %d group(s), %d across train and val (leakage)%n",
        report.duplicates().size(), report.leaks().size());
    for (List<Path> group : report.duplicates()) {
      out.printf(Locale.ROOT, "  %s%s%n", report.leaks().contains(group) ? "LEAK " : "",
          group.stream().map(Path::toString).collect(Collectors.joining(" = ")));
    }
    if (!report.turnedByExif().isEmpty()) {
      out.printf(Locale.ROOT, "Photos with an EXIF rotation: %d (e.g. %s); training and the exported model see them as"
          + " stored, not upright: turn the pixels first, e.g. exiftran -ai or mogrify -auto-orient%n",
          report.turnedByExif().size(), report.turnedByExif().get(0));
    }
    if (!report.failures().isEmpty()) {
      out.flush();
      throw new BadInputException("training would fail: " + String.join("; ", report.failures()));
    }
    List<String> warnings = new ArrayList<>();
    if (!report.badFiles().isEmpty()) {
      warnings.add(report.badFiles().size() + " file(s) training would skip");
    }
    if (!report.leaks().isEmpty()) {
      warnings.add(report.leaks().size() + " image(s) in both train and val inflate val_acc");
    }
    if (strict && !warnings.isEmpty()) {
      out.flush();
      throw new BadInputException("--strict: " + String.join("; ", warnings));
    }
    out.println(warnings.isEmpty() ? "OK: training would start."
        : "OK: training would start, but " + String.join("; ", warnings) + ".");
    return 0;
  }
}
