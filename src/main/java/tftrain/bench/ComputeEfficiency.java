package tftrain.bench;

import tftrain.model.ModelFlops;
import tftrain.model.ModelSpec;
import tftrain.model.ModelSummary;
import tftrain.runtime.Precision;

/**
 * What bench's images per second mean in arithmetic: the model's FLOP per image times the rate, and the
 * share of the machine's limit that is (when the limit is known).
 *
 * @param limitGflops the machine's limit in the measured precision, NaN when not given
 */
public record ComputeEfficiency(
    double trainGflopPerImage, double inferenceGflopPerImage, double trainGflops, double inferenceGflops,
    double limitGflops) {

  public static ComputeEfficiency of(BenchResult result, MachineLimit limit, Precision precision) {
    var kernels = ModelSummary.of(new ModelSpec(Benchmark.CLASSES, result.imageSize(), 0)).kernels();
    double train = ModelFlops.trainingPerImage(kernels) / 1e9;
    double inference = ModelFlops.forwardPerImage(kernels) / 1e9;
    return new ComputeEfficiency(train, inference, train * result.trainImagesPerSec(),
        inference * result.inferenceImagesPerSec(), limit == null ? Double.NaN : limit.gflopsFor(precision));
  }

  public boolean hasLimit() {
    return !Double.isNaN(limitGflops);
  }

  public double trainShareOfLimit() {
    return trainGflops / limitGflops;
  }

  public double inferenceShareOfLimit() {
    return inferenceGflops / limitGflops;
  }
}
