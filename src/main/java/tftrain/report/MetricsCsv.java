package tftrain.report;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import tftrain.BadInputException;
import tftrain.io.AtomicFiles;

/**
 * The per-epoch log {@code metrics.csv}, one row per finished epoch, appended to across resumed runs like
 * Keras' {@code CSVLogger(append=True)}. Columns are
 * {@code epoch,lr,train_loss,train_acc,val_loss,val_acc,seconds,images_per_sec}.
 *
 * <p>Numbers are written with {@link Double#toString}, which reads back to the identical value in Java,
 * pandas and spreadsheets alike.
 */
public final class MetricsCsv {

  /** The header row, in column order. */
  public static final List<String> HEADER =
      List.of("epoch", "lr", "train_loss", "train_acc", "val_loss", "val_acc", "seconds", "images_per_sec");

  // "\n" rather than the RFC's "\r\n": the log is read with head/tail/grep on the machine that trains.
  private static final CSVFormat WRITE_FORMAT =
      CSVFormat.DEFAULT.builder().setHeader(HEADER.toArray(String[]::new)).setRecordSeparator('\n').get();

  private static final CSVFormat READ_FORMAT =
      CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(true).get();

  private MetricsCsv() {}

  /**
   * Adds the row for {@code m} to {@code csv}, creating the file with its header if needed.
   *
   * <p>Rows for epoch {@code m.epoch()} and later are dropped first: they can only be there when a run was
   * killed after logging an epoch but before checkpointing it, and the resumed run trains those epochs
   * again. The whole file is rewritten through a temporary sibling and renamed, so a kill leaves either the
   * old log or the new one, never a half-written line.
   *
   * @throws BadInputException if the existing file is not a metrics log
   * @throws UncheckedIOException if the file cannot be read or written
   */
  public static void append(Path csv, EpochMetrics m) {
    List<EpochMetrics> rows = new ArrayList<>();
    for (EpochMetrics row : read(csv)) {
      if (row.epoch() < m.epoch()) {
        rows.add(row);
      }
    }
    rows.add(m);
    try {
      AtomicFiles.writeString(csv, format(rows));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + csv + ": " + e.getMessage(), e);
    }
  }

  /** Replaces {@code csv} with exactly {@code rows} (a repair from the checkpoint's history), atomically. */
  public static void writeAll(Path csv, List<EpochMetrics> rows) {
    try {
      AtomicFiles.writeString(csv, format(rows));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + csv + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads every row of {@code csv}, in file order.
   *
   * @return the rows, or an empty list if the file does not exist or is empty
   * @throws BadInputException if the file is not a metrics log (wrong header, wrong column count, a value
   *     that is not a number)
   * @throws UncheckedIOException if the file exists but cannot be read
   */
  public static List<EpochMetrics> read(Path csv) {
    String text;
    try {
      text = Files.readString(csv);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (CharacterCodingException e) {
      throw malformed(csv, "it is not UTF-8 text");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + csv + ": " + e.getMessage(), e);
    }
    if (text.isBlank()) {
      return List.of();
    }
    // The text is already in memory, so any exception the parser raises is about the content, not I/O.
    try (CSVParser parser = READ_FORMAT.parse(new StringReader(text))) {
      if (!parser.getHeaderNames().equals(HEADER)) {
        throw malformed(csv, "the header is not " + String.join(",", HEADER));
      }
      List<EpochMetrics> rows = new ArrayList<>();
      for (CSVRecord record : parser) {
        rows.add(parseRow(csv, record));
      }
      return rows;
    } catch (UncheckedIOException e) {
      // The parser's iterator wraps its CSVException; the inner message is the one that says what is wrong.
      throw malformed(csv, oneLine(e.getCause().getMessage()));
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      throw malformed(csv, oneLine(e.getMessage()));
    }
  }

  private static EpochMetrics parseRow(Path csv, CSVRecord record) {
    // Our rows never span lines, so the header plus the record number is the line a person would look at.
    long line = record.getRecordNumber() + 1;
    if (record.size() != HEADER.size()) {
      throw malformed(csv, "line " + line + " has " + record.size() + " values, expected " + HEADER.size());
    }
    try {
      return new EpochMetrics(
          Integer.parseInt(record.get(0)),
          Double.parseDouble(record.get(1)),
          Double.parseDouble(record.get(2)),
          Double.parseDouble(record.get(3)),
          Double.parseDouble(record.get(4)),
          Double.parseDouble(record.get(5)),
          Double.parseDouble(record.get(6)),
          Double.parseDouble(record.get(7)));
    } catch (NumberFormatException e) {
      throw malformed(csv, "line " + line + " has a value that is not a number");
    }
  }

  private static String format(List<EpochMetrics> rows) {
    StringBuilder text = new StringBuilder();
    try (CSVPrinter printer = new CSVPrinter(text, WRITE_FORMAT)) {
      for (EpochMetrics row : rows) {
        printer.printRecord(
            Integer.toString(row.epoch()),
            Double.toString(row.learningRate()),
            Double.toString(row.trainLoss()),
            Double.toString(row.trainAccuracy()),
            Double.toString(row.valLoss()),
            Double.toString(row.valAccuracy()),
            Double.toString(row.seconds()),
            Double.toString(row.imagesPerSecond()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringBuilder does not fail
    }
    return text.toString();
  }

  private static BadInputException malformed(Path csv, String why) {
    return new BadInputException(
        "Metrics log " + csv + " is malformed: " + why + ". Fix it, or move it away to start a new log.");
  }

  private static String oneLine(String message) {
    return message == null ? "unreadable CSV" : message.replaceAll("\\s*\\R\\s*", " ").strip();
  }
}
