// A SavedModel's two signatures timed on the same 64 files: bytes in (decode + network) and floats in
// (network only); the difference is what decoding costs inside the served model. Medians of 8 calls, 3 rounds.
//   java -cp target/tftrain.jar tools/probes/ServingSignatures.java MODEL_DIR IMAGE_DIR
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;
import tftrain.model.OpNames;
import tftrain.runtime.ComputeSettings;
import tftrain.runtime.Precision;

public class ServingSignatures {
  public static void main(String[] args) throws Exception {
    List<Path> files;
    try (var walk = Files.walk(Path.of(args[1]))) {
      files = walk.filter(path -> path.toString().toLowerCase().endsWith(".jpg")).sorted().limit(64).toList();
    }
    byte[][] contents = new byte[files.size()][];
    for (int i = 0; i < contents.length; i++) {
      contents[i] = Files.readAllBytes(files.get(i));
    }
    try (SavedModelBundle bundle = SavedModelBundle.loader(args[0]).withTags("serve")
            .withConfigProto(ComputeSettings.defaults(Precision.BF16).sessionConfig()).load();
        TString bytes = TString.tensorOfBytes(NdArrays.vectorOfObjects(contents));
        TFloat32 floats = TFloat32.tensorOf(Shape.of(contents.length, 224, 224, 3))) {
      SessionFunction bytesIn = bundle.function(OpNames.BYTES_SIGNATURE);
      SessionFunction floatsIn = bundle.function(OpNames.FLOAT_SIGNATURE);
      String floatName = floatsIn.signature().inputNames().iterator().next();
      for (int round = 0; round < 3; round++) {
        time("bytes (decode + network)", bytesIn, Map.of(OpNames.IMAGE_BYTES, bytes));
        time("floats (network)", floatsIn, Map.of(floatName, floats));
      }
    }
  }

  private static void time(String label, SessionFunction function, Map<String, Tensor> inputs) {
    double[] millis = new double[8];
    for (int i = -2; i < millis.length; i++) {
      long start = System.nanoTime();
      try (Result result = function.call(inputs)) {
        if (i >= 0) {
          millis[i] = (System.nanoTime() - start) / 1e6;
        }
      }
    }
    Arrays.sort(millis);
    System.out.printf("%-26s median %.1f ms per batch of 64%n", label, millis[millis.length / 2]);
  }
}
