package tftrain.train;

import java.nio.file.Path;
import java.util.List;

/** What a run is about to do, for its opening lines. */
public record RunInfo(
    Path runDir,
    String device,
    List<String> classes,
    int trainImages,
    int valImages,
    long parameters,
    TrainingConfig config,
    int resumedAfterEpoch) {}
