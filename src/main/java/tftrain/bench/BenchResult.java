package tftrain.bench;

/**
 * What {@code tftrain bench} measured: medians over the timed repetitions, after warm-up, in images per
 * second, and the process's peak resident memory.
 *
 * @param kernelLibrary "oneDNN" or "Eigen": what ran the convolutions, as TensorFlow's trace names them
 * @param isaCap the ONEDNN_MAX_CPU_ISA cap in force, or "none"
 */
public record BenchResult(
    int batchSize,
    int imageSize,
    String precision,
    int threads,
    int steps,
    double trainImagesPerSec,
    double inferenceImagesPerSec,
    double pipelineImagesPerSec,
    double trainStepMedianMs,
    double inferenceBatchMedianMs,
    double peakRssMb,
    String device,
    String tensorflowVersion,
    String kernelLibrary,
    String isaCap) {}
