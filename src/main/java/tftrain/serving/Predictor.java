package tftrain.serving;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;
import tftrain.BadInputException;
import tftrain.TensorFlowErrors;
import tftrain.data.ImageHeader;
import tftrain.model.LayerKernel;
import tftrain.model.OpNames;
import tftrain.report.Prediction;
import tftrain.runtime.ComputeSettings;

/**
 * Classifies image files with a tftrain SavedModel through its {@code serving_default} signature: the
 * files go in as bytes and the model decodes, resizes and normalizes them itself, exactly as in training.
 */
public final class Predictor implements AutoCloseable {

  private final SavedModelBundle bundle;
  private final SessionFunction serving;
  private final ModelMetadata metadata;
  /** Files whose header declares more pixels get an error row without reaching the model. */
  private long maxPixels;
  /** The shorter side the model scales images to, which the pixel limit also bounds the result of. */
  private final int resize;
  /** Why the model predicts in fp32 although the command asked for bf16; "" when it does not. */
  private final String precisionNote;

  private Predictor(SavedModelBundle bundle, ModelMetadata metadata, String precisionNote) {
    this.bundle = bundle;
    this.metadata = metadata;
    this.precisionNote = precisionNote;
    this.serving = bundle.function(OpNames.BYTES_SIGNATURE);
    this.maxPixels = metadata.preprocessing().maxPixels();
    this.resize = metadata.preprocessing().resize();
  }

  /**
   * Refuses files over {@code limit} pixels before they reach the model. The model refuses files over its
   * own limit (the one it was trained or exported with) in any case, so a higher value here does not let
   * more through.
   */
  public void limitPixels(long limit) {
    this.maxPixels = limit;
  }

  /**
   * Loads a training bundle ({@code RUN/best}, {@code RUN/last}) or an export. A model exported before conv1
   * read an even number of channels is loaded without the bf16 rewrite ({@link #precisionNote}): one CPU's
   * bf16 convolution computes garbage on 3 channels (see {@code model.Layers.EVEN_CHANNELS}).
   */
  public static Predictor load(Path modelDir, ConfigProto sessionConfig) {
    ModelMetadata metadata = ModelMetadata.readFrom(modelDir);
    ModelSource.requireSavedModel(modelDir);
    SavedModelBundle bundle = loadBundle(modelDir, sessionConfig);
    try {
      String note = "";
      if (ComputeSettings.computesInBf16(sessionConfig) && hasOddChannelConvolution(bundle.graph())) {
        bundle.close();
        bundle = null;
        bundle = loadBundle(modelDir, ComputeSettings.withoutBf16(sessionConfig));
        note = "this model was saved before tftrain padded conv1's 3 channels to 4 for bf16: predicting in fp32"
            + " (`tftrain export --model` it again for bf16)";
      }
      return new Predictor(bundle, metadata, note);
    } catch (RuntimeException e) {
      if (bundle != null) {
        bundle.close();
      }
      throw e;
    }
  }

  private static SavedModelBundle loadBundle(Path modelDir, ConfigProto sessionConfig) {
    try {
      return SavedModelBundle.loader(modelDir.toString()).withTags("serve").withConfigProto(sessionConfig).load();
    } catch (RuntimeException e) {
      if (TensorFlowErrors.isTensorFlowError(e)) {
        throw new BadInputException("cannot load the model in " + modelDir + ": " + TensorFlowErrors.essence(e), e);
      }
      throw e;
    }
  }

  /** Whether a convolution of the graph reads an odd number of channels (conv1 of an older model: 3). */
  static boolean hasOddChannelConvolution(Graph graph) {
    return LayerKernel.inGraph(graph).stream()
        .anyMatch(kernel -> kernel instanceof LayerKernel.Convolution conv && !conv.readsEvenChannels());
  }

  /** Why this model predicts in another precision than the command's, or "" when it does not. */
  public String precisionNote() {
    return precisionNote;
  }

  public ModelMetadata metadata() {
    return metadata;
  }

  /**
   * Predicts a batch of files. A file that cannot be read or decoded gets an error entry; the others
   * are still classified (the batch is retried file by file to find the bad ones).
   */
  public List<Prediction> predict(List<Path> files) {
    return predict(files, null);
  }

  /**
   * Receives what the model saw for each file it classified: row {@code row} of the normalized network
   * input {@code images} [N, S, S, 3], valid only during the call.
   */
  @FunctionalInterface
  public interface InputListener {
    /** @param index the file's position in the list given to {@link #predict(List, InputListener)} */
    void accept(int index, Prediction prediction, TFloat32 images, int row);
  }

  /**
   * As {@link #predict(List)}, and hands each classified file's network input to {@code inputs}. The
   * input is fetched from the same run that classifies (the model's own decode, not a second one); only
   * this variant fetches it, so plain prediction copies nothing more.
   *
   * @param inputs null: none wanted (exactly {@link #predict(List)})
   */
  public List<Prediction> predict(List<Path> files, InputListener inputs) {
    Prediction[] slots = new Prediction[files.size()];
    List<Integer> readable = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      try {
        byte[] bytes = Files.readAllBytes(file);
        ImageHeader header = ImageHeader.parse(bytes);
        String oversized = header == null ? null : header.problem(maxPixels, resize);
        if (bytes.length == 0) {
          slots[i] = new Prediction(file, null, "empty file");
        } else if (oversized != null) {
          slots[i] = new Prediction(file, null, oversized);
        } else {
          readable.add(i);
          contents.add(bytes);
        }
      } catch (IOException e) {
        slots[i] = new Prediction(file, null, "cannot read: " + e.getMessage());
      }
    }
    if (!readable.isEmpty()) {
      TensorFlowErrors.orItemByItem(
          () -> fill(slots, files, readable, contents, inputs),
          () -> {
            TensorFlowErrors.forEachAlone(
                IntStream.range(0, readable.size()).boxed().toList(),
                k -> fill(slots, files, List.of(readable.get(k)), List.of(contents.get(k)), inputs),
                (k, reason) -> slots[readable.get(k)] = new Prediction(files.get(readable.get(k)), null, reason));
            return slots;
          });
    }
    return List.of(slots);
  }

  /** Predicts the files at {@code indices} into their slots; returns the slots. */
  private Prediction[] fill(Prediction[] slots, List<Path> files, List<Integer> indices, List<byte[]> contents,
      InputListener inputs) {
    InputListener toFileIndex =
        inputs == null ? null : (k, prediction, images, row) -> inputs.accept(indices.get(k), prediction, images, row);
    List<Prediction> predictions = run(indices.stream().map(files::get).toList(), contents, toFileIndex);
    for (int k = 0; k < indices.size(); k++) {
      slots[indices.get(k)] = predictions.get(k);
    }
    return slots;
  }

  private List<Prediction> run(List<Path> files, List<byte[]> contents, InputListener inputs) {
    try (TString input = TString.tensorOfBytes(NdArrays.vectorOfObjects(contents.toArray(byte[][]::new)));
        Result result = inputs == null ? serving.call(Map.of(OpNames.IMAGE_BYTES, input)) : runFetchingInputs(input)) {
      TFloat32 probabilities =
          (TFloat32) (inputs == null ? result.get(OpNames.PROBABILITIES).orElseThrow() : result.get(0));
      int classes = (int) probabilities.shape().get(1);
      List<Prediction> predictions = new ArrayList<>(files.size());
      for (int row = 0; row < files.size(); row++) {
        float[] values = new float[classes];
        for (int c = 0; c < classes; c++) {
          values[c] = probabilities.getFloat(row, c);
        }
        predictions.add(new Prediction(files.get(row), values, null));
      }
      if (inputs != null) {
        TFloat32 images = (TFloat32) result.get(1);
        for (int row = 0; row < files.size(); row++) {
          inputs.accept(row, predictions.get(row), images, row);
        }
      }
      return predictions;
    }
  }

  /**
   * One run of the serving signature that also fetches the network input: the float signature's input is
   * a placeholder whose default is the decoded files, so fetching it without a feed gives exactly what the
   * network consumed in the same run. Tensor names come from the signatures, not from assumptions.
   */
  private Result runFetchingInputs(TString input) {
    Signature floatSignature = bundle.signatures().stream()
        .filter(signature -> signature.key().equals(OpNames.FLOAT_SIGNATURE)).findFirst()
        .orElseThrow(() -> new BadInputException("the model has no '" + OpNames.FLOAT_SIGNATURE
            + "' signature to show its inputs; export it again with this tftrain"));
    Signature bytes = serving.signature();
    return bundle.session().runner()
        .feed(bytes.getInputs().get(OpNames.IMAGE_BYTES).name, input)
        .fetch(bytes.getOutputs().get(OpNames.PROBABILITIES).name)
        .fetch(floatSignature.getInputs().get(OpNames.IMAGES).name)
        .run();
  }

  @Override
  public void close() {
    bundle.close();
  }
}
