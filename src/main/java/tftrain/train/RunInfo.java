package tftrain.train;

import java.nio.file.Path;
import java.util.List;

/**
 * What a run is about to do, for its opening lines.
 *
 * @param precision the precision and why it was chosen, e.g. "fp32 (bf16 self-check failed: …)"
 */
public record RunInfo(
    Path runDir,
    String device,
    String precision,
    List<String> classes,
    int trainImages,
    int valImages,
    long parameters,
    TrainingConfig config,
    int resumedAfterEpoch) {}
