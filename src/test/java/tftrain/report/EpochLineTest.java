package tftrain.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class EpochLineTest {

  @Test
  void formatsTheKerasStyleLine() {
    EpochMetrics m = new EpochMetrics(3, 0.01, 0.69314, 0.5, 0.692, 0.52, 41.3, 24.64);
    assertEquals(
        "Epoch 3/25 lr 0.01 loss 0.6931 acc 0.5000 val_loss 0.6920 val_acc 0.5200 41s 24.6 img/s",
        EpochLine.format(m, 25));
  }

  @Test
  void roundsSecondsToWholeAndSpeedToOneDecimal() {
    EpochMetrics m = new EpochMetrics(1, 0.001, 1.23456, 0.99999, 0.0, 1.0, 0.5, 1234.56);
    assertEquals(
        "Epoch 1/1 lr 0.001 loss 1.2346 acc 1.0000 val_loss 0.0000 val_acc 1.0000 1s 1234.6 img/s",
        EpochLine.format(m, 1));
  }

  @Test
  void printsLearningRatesInPlainDigitsWithoutTrailingZeros() {
    assertEquals("0.01", EpochLine.learningRate(0.01));
    assertEquals("0.001", EpochLine.learningRate(0.001));
    assertEquals("0.0001", EpochLine.learningRate(1.0E-4));
    assertEquals("0.00001", EpochLine.learningRate(1.0E-5));
    assertEquals("0.000125", EpochLine.learningRate(1.25E-4));
    assertEquals("0.0123457", EpochLine.learningRate(0.01234567891));
    assertEquals("1", EpochLine.learningRate(1.0));
    assertEquals("0", EpochLine.learningRate(0.0));
    // A rate that went through a float is still printed the way it was typed.
    assertEquals("0.01", EpochLine.learningRate((float) 0.01));
  }

  @Test
  void usesADotWhateverTheDefaultLocale() {
    Locale previous = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      EpochMetrics m = new EpochMetrics(2, 0.005, 0.25, 0.75, 0.5, 0.625, 10.0, 3.5);
      assertEquals(
          "Epoch 2/10 lr 0.005 loss 0.2500 acc 0.7500 val_loss 0.5000 val_acc 0.6250 10s 3.5 img/s",
          EpochLine.format(m, 10));
    } finally {
      Locale.setDefault(previous);
    }
  }
}
