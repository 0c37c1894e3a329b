package tftrain.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.BadInputException;

class MetricsCsvTest {

  @TempDir Path dir;

  private static EpochMetrics epoch(int epoch) {
    return new EpochMetrics(epoch, 1.0E-4, 0.7 / epoch, 0.5 + epoch / 100.0, 0.69, 0.52, 41.25, 24.6);
  }

  @Test
  void firstAppendWritesTheHeaderAndOneRow() throws IOException {
    Path csv = dir.resolve("run/metrics.csv");
    MetricsCsv.append(csv, new EpochMetrics(1, 0.01, 0.6931, 0.5, 0.692, 0.52, 41.0, 24.6));
    assertEquals(
        List.of(
            "epoch,lr,train_loss,train_acc,val_loss,val_acc,seconds,images_per_sec",
            "1,0.01,0.6931,0.5,0.692,0.52,41.0,24.6"),
        Files.readAllLines(csv));
  }

  @Test
  void appendsToTheRowsOfAnEarlierRun() {
    Path csv = dir.resolve("metrics.csv");
    MetricsCsv.append(csv, epoch(1));
    MetricsCsv.append(csv, epoch(2));
    // A resumed run is a new process that only knows the file.
    MetricsCsv.append(csv, epoch(3));
    assertEquals(List.of(epoch(1), epoch(2), epoch(3)), MetricsCsv.read(csv));
  }

  @Test
  void resumeAfterACrashReplacesTheEpochsTrainedAgain() {
    Path csv = dir.resolve("metrics.csv");
    for (int e = 1; e <= 4; e++) {
      MetricsCsv.append(csv, epoch(e));
    }
    // The checkpoint was of epoch 2, so epochs 3 and 4 are trained again with different numbers.
    EpochMetrics retrained = new EpochMetrics(3, 0.001, 0.1, 0.9, 0.2, 0.8, 40.0, 25.0);
    MetricsCsv.append(csv, retrained);
    assertEquals(List.of(epoch(1), epoch(2), retrained), MetricsCsv.read(csv));
  }

  @Test
  void roundTripsEveryValueExactly() {
    Path csv = dir.resolve("metrics.csv");
    EpochMetrics odd = new EpochMetrics(7, 0.1 + 0.2, Math.PI, 1.0 / 3, Double.NaN, 0.0, 1e9, Double.MIN_VALUE);
    MetricsCsv.append(csv, odd);
    assertEquals(List.of(odd), MetricsCsv.read(csv));
  }

  @Test
  void leavesNoTemporaryFilesBehind() throws IOException {
    Path csv = dir.resolve("metrics.csv");
    MetricsCsv.append(csv, epoch(1));
    MetricsCsv.append(csv, epoch(2));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(csv), files.toList());
    }
  }

  @Test
  void missingOrEmptyFileHasNoRows() throws IOException {
    assertEquals(List.of(), MetricsCsv.read(dir.resolve("absent.csv")));
    Path empty = Files.createFile(dir.resolve("empty.csv"));
    assertEquals(List.of(), MetricsCsv.read(empty));
    MetricsCsv.append(empty, epoch(1));
    assertEquals(List.of(epoch(1)), MetricsCsv.read(empty));
  }

  @Test
  void acceptsAFileWithWindowsLineEndings() throws IOException {
    Path csv = dir.resolve("metrics.csv");
    Files.writeString(
        csv, "epoch,lr,train_loss,train_acc,val_loss,val_acc,seconds,images_per_sec\r\n1,0.01,1,0.5,1,0.5,2,3\r\n");
    assertEquals(List.of(new EpochMetrics(1, 0.01, 1, 0.5, 1, 0.5, 2, 3)), MetricsCsv.read(csv));
  }

  @Test
  void wrongHeaderIsBadInputNamingTheFile() throws IOException {
    Path csv = dir.resolve("metrics.csv");
    Files.writeString(csv, "epoch,loss\n1,0.5\n");
    assertMalformed(csv, "header");
  }

  @Test
  void shortRowIsBadInputNamingTheLine() throws IOException {
    Path csv = dir.resolve("metrics.csv");
    MetricsCsv.append(csv, epoch(1));
    Files.writeString(csv, Files.readString(csv) + "2,0.01,0.5\n");
    assertMalformed(csv, "line 3");
  }

  @Test
  void nonNumericValueIsBadInput() throws IOException {
    Path csv = dir.resolve("metrics.csv");
    Files.writeString(
        csv, "epoch,lr,train_loss,train_acc,val_loss,val_acc,seconds,images_per_sec\none,0.01,1,0.5,1,0.5,2,3\n");
    assertMalformed(csv, "not a number");
  }

  @Test
  void brokenQuotingIsBadInput() throws IOException {
    Path csv = dir.resolve("metrics.csv");
    Files.writeString(
        csv, "epoch,lr,train_loss,train_acc,val_loss,val_acc,seconds,images_per_sec\n\"1\"x,0.01,1,0.5,1,0.5,2,3\n");
    assertMalformed(csv, "metrics.csv");
  }

  @Test
  void appendRefusesToOverwriteAMalformedLog() throws IOException {
    Path csv = dir.resolve("metrics.csv");
    Files.writeString(csv, "not,a,metrics,log\n");
    assertThrows(BadInputException.class, () -> MetricsCsv.append(csv, epoch(1)));
    assertEquals("not,a,metrics,log\n", Files.readString(csv));
  }

  private static void assertMalformed(Path csv, String expectedFragment) {
    BadInputException e = assertThrows(BadInputException.class, () -> MetricsCsv.read(csv));
    assertTrue(e.getMessage().contains(csv.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(expectedFragment), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }
}
