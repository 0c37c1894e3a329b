// The image decoder alone, batches of 64 files back to back for a number of seconds, in img/s.
//   java -cp target/tftrain.jar tools/probes/PipelineLoop.java DIR SECONDS [decode|model]
// "decode" runs it with the decode session's threads (as training does), "model" with the network session's
// (intra-op = cores, inter-op 1), the threads a served model decodes with.
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tftrain.data.Augmentation;
import tftrain.data.BatchDecoder;
import tftrain.data.DecodedBatch;
import tftrain.data.ImageSample;
import tftrain.data.Normalization;
import tftrain.data.PlannedBatch;
import tftrain.data.PreprocessingSpec;
import tftrain.runtime.ComputeSettings;
import tftrain.runtime.Precision;

public class PipelineLoop {
  public static void main(String[] args) throws Exception {
    List<Path> files;
    try (var walk = Files.walk(Path.of(args[0]))) {
      files = walk.filter(path -> path.toString().toLowerCase().endsWith(".jpg")).sorted().limit(64).toList();
    }
    PlannedBatch planned = new PlannedBatch(files.stream().map(path -> new ImageSample(path, 0)).toList(),
        new boolean[files.size()]);
    ComputeSettings compute = ComputeSettings.defaults(Precision.FP32);
    boolean modelThreads = args.length > 2 && args[2].equals("model");
    try (BatchDecoder decoder = new BatchDecoder(PreprocessingSpec.forImageSize(224, Normalization.HALF),
        Augmentation.NONE, compute.threads(),
        modelThreads ? compute.sessionConfig() : compute.decodeSessionConfig(), bad -> {})) {
      long start = System.nanoTime();
      long end = start + Long.parseLong(args[1]) * 1_000_000_000L;
      long images = 0;
      while (System.nanoTime() < end) {
        try (DecodedBatch batch = decoder.decode(planned, false)) {
          images += batch.size();
        }
      }
      System.out.printf("%.1f img/s%n", images / ((System.nanoTime() - start) / 1e9));
    }
  }
}
