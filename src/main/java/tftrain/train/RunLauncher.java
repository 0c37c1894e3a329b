package tftrain.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import tftrain.BadInputException;
import tftrain.data.TrainValData;
import tftrain.io.AtomicFiles;
import tftrain.io.FolderLock;
import tftrain.io.OutputFiles;

/**
 * Makes a run folder ready to train in, for a new run or a resume, by the output rules: a new run refuses a
 * folder that holds other things (unless told to overwrite what a run writes), a resume continues in the
 * run's own folder, repairs what an earlier stop left unwritten and refuses a run whose classes changed.
 * Either way the folder is locked against a second writer for as long as the {@link PreparedRun} is open.
 */
public final class RunLauncher {

  /** Where new runs go when no folder is given: {@code checkpoints/run-<date>-<time>}. */
  public static final String DEFAULT_PARENT = "checkpoints";

  private RunLauncher() {}

  /**
   * A run folder ready for {@link Trainer}: locked, its data loaded, and for a resume the checkpoint state.
   *
   * @param resumeState the checkpoint to continue from, or null for a new run
   */
  public record PreparedRun(TrainingConfig config, TrainValData data, Path runDir, TrainingState resumeState,
      FolderLock lock) implements AutoCloseable {

    /** Releases the folder's lock. */
    @Override
    public void close() throws IOException {
      lock.close();
    }
  }

  /**
   * A new run of {@code config} in {@code output} (null: a new folder under {@link #DEFAULT_PARENT}).
   *
   * @param overwrite replace what an earlier run wrote there (only that)
   * @param warnings where the list of replaced entries goes
   */
  public static PreparedRun newRun(TrainingConfig config, Path output, boolean overwrite, Consumer<String> warnings)
      throws IOException {
    Path runDir = output != null ? OutputFiles.requireNonEmpty(output, "-o") : defaultRunDir();
    OutputsOutsideData.check(config, runDir);
    RunFolder.prepareForNewRun(runDir, overwrite, false); // refuse before any work, without touching the folder
    TrainValData data = loadData(config);
    FolderLock lock = FolderLock.acquire(runDir, "train", warnings);
    try {
      List<String> replaced = RunFolder.prepareForNewRun(runDir, overwrite, true);
      if (!replaced.isEmpty()) {
        warnings.accept("warning: --overwrite: replacing " + String.join(", ", replaced) + " in " + runDir);
      }
      RunDataFingerprint.write(runDir, config, data);
      return new PreparedRun(config, data, runDir, null, lock);
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /**
   * The run in {@code runDir}, continued from its last checkpoint.
   *
   * @param output the folder the user also named for the run's output, or null; it must be the run's own
   * @param settings the run's settings after the resume: given the checkpoint's config, what to train with
   * @param dataGiven whether the data folders were given again, which turns a change of the images from a
   *     refusal into a notice (see {@link RunDataFingerprint#checkOnResume})
   * @param notices lock notices and the list of files repaired from the checkpoint
   */
  public static PreparedRun resume(Path runDir, Path output, boolean overwrite, UnaryOperator<TrainingConfig> settings,
      boolean dataGiven, Consumer<String> notices) throws IOException {
    OutputFiles.requireNonEmpty(runDir, "--resume");
    if (output != null && !OutputFiles.isSameFile(output, runDir)) {
      throw new BadInputException(
          "-o " + output + " does not go with --resume " + runDir + ": a resumed run continues in its own folder");
    }
    if (overwrite) {
      throw new BadInputException("--overwrite does not go with --resume: resuming keeps the run's files");
    }
    if (!Files.isDirectory(runDir)) {
      throw new BadInputException("run folder not found: " + runDir);
    }
    FolderLock lock = FolderLock.acquire(runDir, "train --resume", notices);
    try {
      TrainingState resumeState = Checkpoint.readForResume(runDir);
      TrainingConfig config = settings.apply(resumeState.config());
      TrainValData data = loadData(config);
      if (!data.classes().equals(resumeState.classes())) {
        throw new BadInputException(
            "cannot resume: the run was trained on classes " + resumeState.classes() + " but the data now has "
                + data.classes());
      }
      RunDataFingerprint.checkOnResume(runDir, config, data, dataGiven, notices);
      AtomicFiles.cleanLeftovers(runDir);
      for (String repaired : RunRepair.repair(runDir, resumeState, data)) {
        notices.accept("notice: repaired " + repaired
            + " from the checkpoint (the last run was stopped before writing it)");
      }
      if (resumeState.epochsCompleted() >= config.loop().epochs()) {
        throw new BadInputException(
            runDir + " already finished its " + config.loop().epochs()
                + " epochs; pass --epochs N to train it further");
      }
      return new PreparedRun(config, data, runDir, resumeState, lock);
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /**
   * The images {@code config} names: a carve of one folder, or a training and a validation folder. A
   * {@code data/train} + {@code data/val} pair (the {@code --data} layout) is read as one data folder, so
   * that a missing or incomplete data folder is reported as such, not as a missing train/ inside it.
   */
  public static TrainValData loadData(TrainingConfig config) {
    Path train = Path.of(config.data().trainDir());
    if (config.data().valDir() == null) {
      return TrainValData.carve(train, config.data().valSplit(), config.model().seed());
    }
    Path val = Path.of(config.data().valDir());
    Path parent = train.getParent();
    if (parent != null && parent.equals(val.getParent()) && train.endsWith("train") && val.endsWith("val")) {
      return TrainValData.fromDataDir(parent);
    }
    return TrainValData.fromFolders(train, val);
  }

  private static Path defaultRunDir() {
    return Path.of(DEFAULT_PARENT,
        "run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
  }
}
