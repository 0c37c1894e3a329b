package tftrain.serving;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import tftrain.BadInputException;
import tftrain.data.Normalization;
import tftrain.data.PreprocessingSpec;
import tftrain.model.ModelSpec;
import tftrain.report.JsonFiles;

/**
 * What travels with every tftrain model so that nothing else is needed to use it: the class names in
 * label order and the preprocessing it was trained with. Stored beside the SavedModel in
 * {@code assets.extra/} (TensorFlow Serving ignores that folder), as {@code tftrain.json} and, for any
 * client, {@code labels.txt} with one class name per line.
 *
 * @param epoch the epoch whose weights these are (0 for an untrained model)
 * @param valAccuracy validation accuracy of those weights, or NaN when unknown
 * @param maxPixels the decode limit built into the model's graph (0 in models from before it existed: the default)
 */
public record ModelMetadata(
    List<String> classes,
    int imageSize,
    int resize,
    Normalization normalization,
    int epoch,
    double valAccuracy,
    String tftrainVersion,
    long maxPixels) {

  /** Metadata with the default pixel limit. */
  public ModelMetadata(List<String> classes, int imageSize, int resize, Normalization normalization, int epoch,
      double valAccuracy, String tftrainVersion) {
    this(classes, imageSize, resize, normalization, epoch, valAccuracy, tftrainVersion,
        PreprocessingSpec.DEFAULT_MAX_PIXELS);
  }

  /** The same model with another decode limit (export --max-pixels). */
  public ModelMetadata withMaxPixels(long newMaxPixels) {
    return new ModelMetadata(classes, imageSize, resize, normalization, epoch, valAccuracy, tftrainVersion,
        newMaxPixels);
  }

  public static final String FOLDER = "assets.extra";
  public static final String FILE = "tftrain.json";
  public static final String LABELS_FILE = "labels.txt";


  public PreprocessingSpec preprocessing() {
    return new PreprocessingSpec(resize, imageSize, normalization, maxPixels);
  }

  /** The network's shape; the seed only matters for fresh weights, which a saved model never has. */
  public ModelSpec modelSpec() {
    return new ModelSpec(classes.size(), imageSize, 0);
  }

  /** Writes {@code tftrain.json} and {@code labels.txt} into {@code bundle/assets.extra/}. */
  public void writeTo(Path bundle) {
    Path folder = bundle.resolve(FOLDER);
    JsonFiles.write(folder.resolve(FILE), this);
    try {
      Files.writeString(folder.resolve(LABELS_FILE), String.join("\n", classes) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads the metadata of a tftrain SavedModel folder. */
  public static ModelMetadata readFrom(Path bundle) {
    if (!Files.isDirectory(bundle)) {
      throw new BadInputException("model folder not found: " + bundle);
    }
    Path file = bundle.resolve(FOLDER).resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new BadInputException(
          bundle + " is not a tftrain model (no " + FOLDER + "/" + FILE
              + "); give a run's best/ or last/ folder or an export");
    }
    return JsonFiles.read(file, ModelMetadata.class);
  }
}
