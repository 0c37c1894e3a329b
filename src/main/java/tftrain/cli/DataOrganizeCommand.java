package tftrain.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tftrain.data.tools.FolderOrganizer;
import tftrain.data.tools.OrganizeResult;
import tftrain.data.tools.TransferMode;
import tftrain.io.OutputFiles;

/** {@code tftrain data organize}: options in, {@link FolderOrganizer} does the work, class counts out. */
@Command(
    name = "organize",
    mixinStandardHelpOptions = true,
    description = {
      "Sort a flat folder of images into one folder per class, named by the file",
      "name's prefix: SRC/cat.123.jpg goes to DIR/cat/cat.123.jpg. The prefix ends",
      "at the first '.', '_' or '-'; names without one before the extension (1.jpg)",
      "are left where they are.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  tftrain data organize raw/train -o data/all",
      "  tftrain data organize photos -o data/all --pattern '^IMG_(\\w+?)_\\d+'"
    })
final class DataOrganizeCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin VerboseOption verbose;

  @Parameters(index = "0", paramLabel = "SRC", description = "Folder that holds the images (subfolders are not read).")
  Path source;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "DIR",
      description = "Folder to sort into; DIR/<class>/ is created for each class.")
  Path output;

  @Option(
      names = "--pattern",
      paramLabel = "REGEX",
      description = "Take the class from the one group of REGEX's first match in the file name instead.")
  String pattern;

  @Option(names = "--move", description = "Move the images instead of copying them.")
  boolean move;

  @Option(names = "--overwrite",
      description = "Replace images that already exist in DIR (default: refuse, change nothing).")
  boolean overwrite;

  @Override
  public Integer call() throws IOException {
    OutputFiles.requireNonEmpty(output, "-o");
    FolderOrganizer organizer =
        new FolderOrganizer(
            FolderOrganizer.classPattern(pattern), move ? TransferMode.MOVE : TransferMode.COPY, overwrite);
    OrganizeResult result = organizer.organize(source, output);

    PrintWriter out = spec.commandLine().getOut();
    int nameWidth = Math.max(5, result.classCounts().keySet().stream().mapToInt(String::length).max().orElse(0));
    int countWidth = String.valueOf(result.images()).length();
    out.printf(
        "%s %s from %s into %s in %s%s:%n",
        capitalized(result.mode().pastTense()),
        counted(result.images(), "image", "images"),
        source,
        counted(result.classCounts().size(), "class", "classes"),
        output,
        result.replacedFiles() > 0 ? ", replacing " + result.replacedFiles() : "");
    for (Map.Entry<String, Integer> entry : result.classCounts().entrySet()) {
      out.printf("  %-" + nameWidth + "s  %" + countWidth + "d%n", entry.getKey(), entry.getValue());
    }
    if (result.unmatchedImages() > 0) {
      out.printf(
          "Left %s in %s (e.g. %s); %s.%n",
          counted(result.unmatchedImages(), "image", "images"),
          source,
          String.join(", ", result.unmatchedExamples()),
          pattern == null
              ? "their names have no class prefix, use --pattern REGEX to name their class"
              : "--pattern does not match their names");
    }
    if (result.ignoredFiles() > 0) {
      out.printf(
          "Ignored %s that %s.%n",
          counted(result.ignoredFiles(), "file", "files"),
          result.ignoredFiles() == 1 ? "is not an image" : "are not images");
    }
    out.flush();
    return 0;
  }

  private static String counted(int count, String one, String many) {
    return count + " " + (count == 1 ? one : many);
  }

  private static String capitalized(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }
}
