package tftrain.train;

import java.util.List;
import tftrain.data.BadImage;

/**
 * {@code summary.json}: the run at a glance, rewritten after every epoch.
 *
 * @param precision the precision the run computed in and why, e.g. "bf16 (self-check passed)"
 * @param startupSeconds from the start of the JVM to the first training step (of this process, after a resume)
 * @param residentMb the resident memory at the end of the latest epoch: flat across epochs when nothing leaks
 * @param peakRssMb the training process's peak resident memory so far (of this process only, after a resume)
 */
public record RunSummary(
    TrainingConfig arguments,
    List<String> classes,
    int trainImages,
    int valImages,
    int epochsCompleted,
    int bestEpoch,
    double bestValAccuracy,
    double lastValAccuracy,
    String device,
    String precision,
    String tensorflowVersion,
    String tftrainVersion,
    double totalSeconds,
    double startupSeconds,
    double peakRssMb,
    double residentMb,
    List<BadImage> skippedFiles) {}
