package tftrain.report;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

/**
 * Reads back which epochs a run's TensorBoard folder already holds, so a resume can write the ones a
 * kill left out. Event files are TFRecords (length, its CRC, an {@code Event} proto, its CRC); a record
 * cut short by the kill ends the file's readable part.
 */
public final class EventFiles {

  private EventFiles() {}

  /** The steps (epochs) at which any event file in {@code folder} has a scalar tagged {@code tag}. */
  public static Set<Long> stepsWithTag(Path folder, String tag) throws IOException {
    Set<Long> steps = new TreeSet<>();
    if (!Files.isDirectory(folder)) {
      return steps;
    }
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith("events.out.tfevents")).toList()) {
        readSteps(file, tag, steps);
      }
    }
    return steps;
  }

  private static void readSteps(Path file, String tag, Set<Long> steps) throws IOException {
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw))) {
      byte[] header = new byte[12];
      while (true) {
        try {
          in.readFully(header);
          long length = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
          if (length < 0 || length > (1 << 26)) {
            return;
          }
          byte[] data = new byte[(int) length];
          in.readFully(data);
          in.readFully(new byte[4]);
          Event event = Event.parseFrom(data);
          for (Summary.Value value : event.getSummary().getValueList()) {
            if (value.getTag().equals(tag)) {
              steps.add(event.getStep());
            }
          }
        } catch (EOFException | InvalidProtocolBufferException end) {
          return;
        }
      }
    }
  }
}
