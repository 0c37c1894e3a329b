package tftrain.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;
import tftrain.data.tools.ByteSize;
import tftrain.data.tools.SafeUnzipper;
import tftrain.data.tools.UnzipProgress;
import tftrain.data.tools.UnzipResult;
import tftrain.data.tools.ZipLimits;
import tftrain.io.OutputFiles;

/** {@code tftrain data unzip}: options in, {@link SafeUnzipper} does the work, a summary out. */
@Command(
    name = "unzip",
    mixinStandardHelpOptions = true,
    description = {
      "Extract a zip archive into DIR, safely:",
      "  - an entry that would land outside DIR (../x, /x, a symbolic link out of",
      "    DIR) makes it refuse the whole archive and write nothing;",
      "  - an archive over --max-size or --max-ratio (a zip bomb) is stopped;",
      "  - files already in DIR are kept unless --overwrite;",
      "  - each file appears whole or not at all (written aside, then renamed).",
      ""
    },
    footer = {"", "Example: tftrain data unzip ~/Downloads/train.zip -o raw"})
final class DataUnzipCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin VerboseOption verbose;

  @Parameters(index = "0", paramLabel = "ARCHIVE", description = "The .zip file to extract.")
  Path archive;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "DIR",
      description = "Folder to extract into; created if missing.")
  Path output;

  @Option(names = "--overwrite",
      description = "Replace files that already exist in DIR (default: refuse, write nothing).")
  boolean overwrite;

  @Option(
      names = "--max-size",
      paramLabel = "SIZE",
      defaultValue = "16G",
      converter = ByteSizeConverter.class,
      description = "Stop if the files would hold more than SIZE together, e.g. 500M, 40G (default: ${DEFAULT-VALUE}).")
  long maxTotalBytes;

  @Option(
      names = "--max-ratio",
      paramLabel = "N",
      defaultValue = "100",
      description = "Stop if a file over 1 MiB expands to more than N times its compressed size "
          + "(default: ${DEFAULT-VALUE}).")
  double maxRatio;

  @Option(names = "--no-progress", description = "No progress bar, even on a terminal.")
  boolean noProgress;

  @Override
  public Integer call() throws IOException {
    OutputFiles.requireNonEmpty(output, "-o");
    if (!(maxRatio >= 1)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--max-ratio must be at least 1, got " + maxRatio);
    }
    PrintWriter out = spec.commandLine().getOut();
    SafeUnzipper unzipper = new SafeUnzipper(new ZipLimits(maxTotalBytes, maxRatio), overwrite);
    long startNanos = System.nanoTime();
    UnzipResult result;
    try (ReportedProgress progress = new ReportedProgress(out, System.console() != null && !noProgress)) {
      result = unzipper.unzip(archive, output, progress);
    }
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    out.printf(
        Locale.ROOT,
        "Extracted %d %s (%s) from %s into %s in %.1f s%s%n",
        result.files(),
        result.files() == 1 ? "file" : "files",
        ByteSize.format(result.bytes()),
        archive,
        output,
        seconds,
        result.replacedFiles() > 0 ? ", replacing " + result.replacedFiles() : "");
    if (result.symbolicLinksSkipped() > 0) {
      out.printf(
          "Skipped %d symbolic %s inside the archive's folder (links are never created).%n",
          result.symbolicLinksSkipped(),
          result.symbolicLinksSkipped() == 1 ? "link" : "links");
    }
    if (result.macMetadataSkipped() > 0) {
      out.printf("Skipped %d __MACOSX/ entries (macOS metadata, not images).%n", result.macMetadataSkipped());
    }
    out.flush();
    return 0;
  }

  /** A progress bar on a terminal; elsewhere (logs, pipes, tests) one plain line when extraction starts. */
  private final class ReportedProgress implements UnzipProgress, AutoCloseable {

    private final PrintWriter out;
    private final boolean showBar;
    private ProgressBar bar;

    ReportedProgress(PrintWriter out, boolean showBar) {
      this.out = out;
      this.showBar = showBar;
    }

    @Override
    public void started(long totalBytes, int fileCount) {
      if (showBar) {
        bar =
            ProgressBar.builder()
                .setTaskName("Extracting")
                .setInitialMax(totalBytes)
                .setUnit(" MiB", 1L << 20)
                .setStyle(ProgressBarStyle.ASCII)
                .showSpeed()
                .build();
      } else {
        out.printf(
            "Extracting %d %s (%s) from %s into %s%n",
            fileCount,
            fileCount == 1 ? "file" : "files",
            ByteSize.format(totalBytes),
            archive,
            output);
        out.flush();
      }
    }

    @Override
    public void extracted(long bytes) {
      if (bar != null) {
        bar.stepBy(bytes);
      }
    }

    @Override
    public void close() {
      if (bar != null) {
        bar.close();
      }
    }
  }

  /** Reads {@code --max-size} as people write sizes: 500M, 16G, 1.5T. */
  static final class ByteSizeConverter implements CommandLine.ITypeConverter<Long> {

    @Override
    public Long convert(String value) {
      try {
        return ByteSize.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
