package tftrain.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * The one line per epoch that the trainer prints, in the shape Keras users know:
 * {@code Epoch 3/25 lr 0.01 loss 0.6931 acc 0.5000 val_loss 0.6920 val_acc 0.5200 41s 24.6 img/s}.
 */
public final class EpochLine {

  // Six significant digits tell any schedule's steps apart while still printing 0.01 rather than
  // 0.009999999776482582 for a learning rate that went through a float.
  private static final MathContext LEARNING_RATE_DIGITS = new MathContext(6);

  private EpochLine() {}

  /**
   * Formats one epoch's metrics. Always uses a dot as the decimal separator, whatever the default locale,
   * so logs read and parse the same everywhere.
   *
   * @param m the finished epoch
   * @param totalEpochs how many epochs the whole run will train, for the {@code 3/25} counter
   * @return the line, without a line break
   */
  public static String format(EpochMetrics m, int totalEpochs) {
    return String.format(
        Locale.ROOT,
        "Epoch %d/%d lr %s loss %.4f acc %.4f val_loss %.4f val_acc %.4f %ds %.1f img/s",
        m.epoch(),
        totalEpochs,
        learningRate(m.learningRate()),
        m.trainLoss(),
        m.trainAccuracy(),
        m.valLoss(),
        m.valAccuracy(),
        Math.round(m.seconds()),
        m.imagesPerSecond());
  }

  /**
   * A learning rate with up to six significant digits, no trailing zeros and never in exponent notation:
   * {@code 0.01}, {@code 0.0001}, {@code 0.000125}.
   */
  static String learningRate(double value) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    // BigDecimal, unlike %g or Double.toString, gives plain digits at every magnitude.
    BigDecimal rounded = new BigDecimal(value).round(LEARNING_RATE_DIGITS).stripTrailingZeros();
    return rounded.signum() == 0 ? "0" : rounded.toPlainString();
  }
}
