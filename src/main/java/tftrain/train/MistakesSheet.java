package tftrain.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import tftrain.data.DecodedBatch;
import tftrain.data.ImageSample;
import tftrain.data.NetworkInputImages;
import tftrain.data.Normalization;
import tftrain.report.ContactSheet;
import tftrain.report.Prediction;

/**
 * Writes {@code mistakes.png} after every new best epoch: the validation images those weights (the ones in
 * {@code best/}) get wrong, as the network saw them, with the predicted and the actual class.
 *
 * <p>The images and predictions come from the validation pass the trainer runs anyway (each batch's
 * softmax is fetched in the same run as its loss), so the picture costs no second pass over the data: only
 * the wrong images' thumbnails, at most {@code max} an epoch, and one PNG per new best. The best epoch is
 * known only after its pass, so each pass collects, and a pass that is not a new best is dropped.
 *
 * <p>It runs before the checkpoint commit, like {@code best/}: a kill between the two redoes the epoch on
 * resume and draws the same picture, so {@code mistakes.png} always belongs to {@code best/}. On a
 * multi-worker run the chief writes it from the validation share it evaluates itself.
 */
final class MistakesSheet implements TrainingListener {

  /** File name inside the run folder. */
  public static final String FILE = "mistakes.png";

  private final Path file;
  private final Path runDir;
  private final List<String> classes;
  private final int max;
  private final Normalization normalization;
  /** The current validation pass's mistakes; null outside a pass. */
  private ContactSheet pass;

  MistakesSheet(Path runDir, List<String> classes, int max, Normalization normalization) {
    this.runDir = runDir;
    this.file = runDir.resolve(FILE);
    this.classes = List.copyOf(classes);
    this.max = max;
    this.normalization = normalization;
  }

  @Override
  public void onValidationBatch(DecodedBatch batch, float[][] probabilities) {
    if (pass == null) {
      pass = new ContactSheet(classes, max, true);
    }
    List<ImageSample> samples = batch.samples();
    for (int row = 0; row < samples.size(); row++) {
      ImageSample sample = samples.get(row);
      int pictureRow = row;
      pass.offer(new Prediction(sample.path(), probabilities[row], null), sample.label(),
          () -> NetworkInputImages.picture(batch.images(), pictureRow, normalization));
    }
  }

  @Override
  public void onEpochEnd(EpochEnd end) {
    ContactSheet finished = pass;
    pass = null;
    if (finished == null || !end.isBest()) {
      return;
    }
    finished.write(file, String.format(Locale.ROOT,
        "Validation images the best weights get wrong: %s, epoch %d of %d, val_acc %.4f",
        runDir.getFileName(), end.metrics().epoch(), end.totalEpochs(), end.metrics().valAccuracy()));
  }
}
