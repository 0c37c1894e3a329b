package tftrain.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tftrain.BadInputException;
import tftrain.data.TrainValSplit;
import tftrain.data.tools.SplitResult;
import tftrain.data.tools.TrainValSplitter;
import tftrain.data.tools.TransferMode;
import tftrain.io.OutputFiles;

/** {@code tftrain data split}: options in, {@link TrainValSplitter} does the work, a per-class table out. */
@Command(
    name = "split",
    mixinStandardHelpOptions = true,
    description = {
      "Split a class-folder tree into DIR/train/<class> and DIR/val/<class>: per",
      "class, disjoint, the same for the same seed. 'tftrain train --data DIR'",
      "reads the result.",
      ""
    },
    footer = {"", "Example: tftrain data split data/all -o data/split --val-split 0.3 --seed 42"})
final class DataSplitCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin VerboseOption verbose;

  @Parameters(index = "0", paramLabel = "SRC", description = "Folder with one subfolder of images per class.")
  Path source;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "DIR",
      description = "Folder to create train/ and val/ in; must be new or empty (see --overwrite).")
  Path output;

  @Option(
      names = "--val-split",
      paramLabel = "F",
      description = "Share of each class that goes to val, between 0 and 1; the same seed and share give the same"
          + " split as 'train --val-split' (default: " + DEFAULT_VAL_SPLIT + ").")
  Double valSplit;

  @Option(names = "--val-ratio", paramLabel = "F", description = "Deprecated: the old name of --val-split.")
  Double valRatio;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
      description = "Seed of the shuffle (default: ${DEFAULT-VALUE}).")
  long seed;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Transfer transfer;

  /** Copy is the default; moving and linking are the two ways to save the disk space of a copy. */
  static final class Transfer {

    @Option(names = "--move", description = "Move the images out of SRC instead of copying them.")
    boolean move;

    @Option(names = "--link", description = "Hard-link the images instead of copying (same file system only).")
    boolean link;
  }

  @Option(
      names = "--overwrite",
      description = "Replace an earlier split in DIR (a folder holding only train/ and val/).")
  boolean overwrite;

  static final double DEFAULT_VAL_SPLIT = 0.2;

  @Override
  public Integer call() throws IOException {
    OutputFiles.requireNonEmpty(output, "-o");
    if (valSplit != null && valRatio != null) {
      throw new BadInputException("give --val-split only (--val-ratio is its old name)");
    }
    // Errors name the option as typed.
    String shareOption = valRatio != null ? "--val-ratio" : "--val-split";
    double share = valRatio != null ? valRatio : valSplit != null ? valSplit : DEFAULT_VAL_SPLIT;
    TrainValSplit.requireShare(shareOption, share);
    TransferMode mode = TransferMode.COPY;
    if (transfer != null && transfer.move) {
      mode = TransferMode.MOVE;
    } else if (transfer != null && transfer.link) {
      mode = TransferMode.LINK;
    }
    SplitResult result = new TrainValSplitter(new TrainValSplit(share, seed), mode, overwrite).split(source, output);

    PrintWriter out = spec.commandLine().getOut();
    int nameWidth = Math.max(5, result.classes().stream().mapToInt(split -> split.name().length()).max().orElse(0));
    int countWidth = Math.max(5, String.valueOf(result.trainTotal()).length());
    String row = "  %-" + nameWidth + "s  %" + countWidth + "s  %" + countWidth + "s%n";
    out.printf(
        Locale.ROOT,
        "Split %d images of %d %s from %s into %s (val ratio %s, seed %d, %s%s):%n",
        result.trainTotal() + result.valTotal(),
        result.classes().size(),
        result.classes().size() == 1 ? "class" : "classes",
        source,
        output,
        formatRatio(result.valRatio()),
        result.seed(),
        result.mode().pastTense(),
        result.replacedPrevious() ? ", replacing the earlier split" : "");
    out.printf(row, "class", "train", "val");
    for (SplitResult.ClassSplit split : result.classes()) {
      out.printf(row, split.name(), split.train(), split.val());
    }
    out.printf(row, "total", result.trainTotal(), result.valTotal());
    out.printf("Train with: %s train --data %s%n", LaunchCommand.current(), output);
    out.flush();
    return 0;
  }

  private static String formatRatio(double ratio) {
    return BigDecimal.valueOf(ratio).stripTrailingZeros().toPlainString();
  }
}
