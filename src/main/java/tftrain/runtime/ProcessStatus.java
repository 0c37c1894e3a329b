package tftrain.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Fields of this process's {@code /proc/self/status}, Linux's report on it (memory, signal masks). */
public final class ProcessStatus {

  private ProcessStatus() {}

  /** The value of {@code field} (as {@code "VmRSS:"}), trimmed; empty where /proc or the field is missing. */
  public static Optional<String> field(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
        if (line.startsWith(field)) {
          return Optional.of(line.substring(field.length()).trim());
        }
      }
    } catch (IOException e) {
      // not Linux: no such file
    }
    return Optional.empty();
  }
}
