package tftrain.train;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tftrain.BadInputException;
import tftrain.data.PreprocessingSpec;
import tftrain.data.TrainingCrop;
import tftrain.model.InitScheme;
import tftrain.io.AtomicFiles;
import tftrain.report.JsonFiles;
import tftrain.report.MetricsCsv;
import tftrain.runtime.TensorFlowRuntime;

/**
 * {@code RUN/checkpoint/}: TensorFlow's variables (weights and momentum slots) plus {@code state.json}.
 * With {@code --ema-decay} the network's names hold the averaged weights and {@link WeightAveraging#SCOPE}
 * the raw ones. A checkpoint is written whole into a hidden sibling and swapped in, so the folder always holds one
 * complete, consistent checkpoint.
 */
public final class Checkpoint {

  public static final String FOLDER = "checkpoint";
  public static final String STATE_FILE = "state.json";
  /** The variables' file prefix inside the folder: variables.index, variables.data-00000-of-00001. */
  public static final String VARIABLES_PREFIX = "variables";

  private Checkpoint() {}

  /** The checkpoint folder of a run. */
  public static Path folder(Path runDir) {
    return runDir.resolve(FOLDER);
  }

  /** A checkpoint being written: variables first, the state last, then {@link #commit}. */
  public static final class Pending implements AutoCloseable {
    private final Path runDir;
    private final Path folder;

    private Pending(Path runDir) throws IOException {
      this.runDir = runDir;
      this.folder = AtomicFiles.temporarySibling(folder(runDir));
      Files.createDirectories(folder);
    }

    /** The prefix to pass to {@code Session.save} and, once saved, to {@code restore}. */
    public String variablesPrefix() {
      return folder.resolve(VARIABLES_PREFIX).toString();
    }

    /** Writes the state and puts the checkpoint in place of the previous one. */
    public void commit(TrainingState state) throws IOException {
      JsonFiles.write(folder.resolve(STATE_FILE), state);
      AtomicFiles.replaceDirectory(folder(runDir), target -> {
        try (var files = Files.list(folder)) {
          for (Path file : files.toList()) {
            Files.move(file, target.resolve(file.getFileName()));
          }
        }
      });
    }

    @Override
    public void close() throws IOException {
      AtomicFiles.deleteRecursively(folder);
    }
  }

  /** Starts a new checkpoint of {@code runDir}. */
  public static Pending begin(Path runDir) throws IOException {
    return new Pending(runDir);
  }

  /** The state of the run's checkpoint; a missing or damaged checkpoint is a clear error. */
  public static TrainingState readState(Path runDir) {
    Path folder = folder(runDir);
    if (!Files.isDirectory(runDir)) {
      throw new BadInputException("run folder not found: " + runDir);
    }
    Path state = folder.resolve(STATE_FILE);
    if (!Files.isRegularFile(state)) {
      int recorded = recordedEpochs(runDir);
      throw new BadInputException(runDir + " has no checkpoint to resume (" + FOLDER + "/" + STATE_FILE + " missing); "
          + (recorded == 0 ? "it finished no epoch"
              : "yet its " + Trainer.METRICS_FILE + " records " + recorded + " epoch(s): the checkpoint was deleted or"
                  + " damaged; its models are in " + Trainer.BEST_FOLDER + "/ and " + Trainer.LAST_FOLDER
                  + "/, and training again needs a new run"));
    }
    if (!Files.isRegularFile(folder.resolve(VARIABLES_PREFIX + ".index"))) {
      throw new BadInputException("checkpoint in " + folder + " is damaged: " + VARIABLES_PREFIX + ".index is missing");
    }
    try {
      return JsonFiles.read(state, TrainingState.class, Checkpoint::upgrade);
    } catch (BadInputException e) {
      throw new BadInputException("checkpoint state in " + folder + " is damaged: " + e.getMessage(), e);
    }
  }

  /** How many epochs the run's metrics.csv records (0 when it has none or cannot be read). */
  private static int recordedEpochs(Path runDir) {
    try {
      return MetricsCsv.read(runDir.resolve(Trainer.METRICS_FILE)).size();
    } catch (RuntimeException missingOrDamaged) {
      return 0;
    }
  }

  /**
   * The state of the run's checkpoint for {@code --resume}: as {@link #readState}, and refused with one line
   * naming both versions when it was written with another {@link TrainingState#SCHEMA_VERSION}.
   */
  public static TrainingState readForResume(Path runDir) {
    Path state = folder(runDir).resolve(STATE_FILE);
    if (Files.isRegularFile(state)) {
      int version;
      try {
        version = JsonFiles.read(state, SchemaVersion.class).effective();
      } catch (BadInputException unreadable) {
        version = TrainingState.SCHEMA_VERSION; // readState names the damage
      }
      if (version != TrainingState.SCHEMA_VERSION) {
        throw new BadInputException(
            "cannot resume " + runDir + ": its checkpoint has state schema version " + version + ", this tftrain "
                + TensorFlowRuntime.tftrainVersion() + " resumes version " + TrainingState.SCHEMA_VERSION
                + (version < TrainingState.SCHEMA_VERSION
                    ? "; export or predict from it still work, start a new run to train further"
                    : "; resume it with the tftrain that wrote it"));
      }
    }
    return readState(runDir);
  }

  /**
   * A state file of an older tftrain in this one's layout, so that the records know only today's: version 1
   * wrote no {@code schemaVersion}; configs from before an option existed lack it, and mean what the run
   * then did: the seed's PyTorch init, early stopping watching val_acc, the default pixel limit, the
   * piecewise schedule without weight decay or label smoothing.
   */
  static JsonNode upgrade(JsonNode state) {
    if (!(state instanceof ObjectNode root)) {
      return state;
    }
    if (root.path("schemaVersion").asInt(0) == 0) {
      root.put("schemaVersion", 1);
    }
    if (root.get("config") instanceof ObjectNode config) {
      if (!config.hasNonNull("init")) {
        config.put("init", InitScheme.PYTORCH.name());
      }
      if (!config.hasNonNull("earlyStopMonitor")) {
        config.put("earlyStopMonitor", EarlyStopMonitor.VAL_ACC.name());
      }
      if (config.path("maxPixels").asLong(0) == 0) {
        config.put("maxPixels", PreprocessingSpec.DEFAULT_MAX_PIXELS);
      }
      if (!config.hasNonNull("mistakes")) {
        config.put("mistakes", TrainingConfig.Defaults.MISTAKES);
      }
      // Before the run-relative schedules, weight decay and label smoothing: all off, as those runs trained.
      if (!config.hasNonNull("lrSchedule")) {
        config.put("lrSchedule", RateSchedule.PIECEWISE.name());
        config.put("lrPatience", TrainingConfig.Defaults.LR_PATIENCE);
        config.put("weightDecay", 0.0);
        config.put("weightDecayBiases", false);
        config.put("labelSmoothing", 0.0);
      }
      if (!config.hasNonNull("emaDecay")) {
        config.put("emaDecay", 0.0);
      }
      // Before random crops and colour jitter: every run trained on the centre crop.
      if (!config.hasNonNull("crop")) {
        config.put("crop", TrainingCrop.CENTER.name());
        config.put("colorJitter", 0.0);
      }
      // Before --reduce-dtype, workers reduced in fp32.
      if (!config.hasNonNull("reduceDtype")) {
        config.put("reduceDtype", ReduceDtype.FP32.name());
      }
    }
    return root;
  }

  /** Only the version of a state file, whatever else it holds (a newer one may have fields unknown here). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  private record SchemaVersion(int schemaVersion) {
    int effective() {
      return schemaVersion == 0 ? 1 : schemaVersion;
    }
  }

  /** The variables prefix of the run's committed checkpoint. */
  public static String variablesPrefix(Path runDir) {
    return folder(runDir).resolve(VARIABLES_PREFIX).toString();
  }
}
