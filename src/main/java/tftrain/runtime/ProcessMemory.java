package tftrain.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's resident memory as Linux reports it, for benchmarks and the run summary. */
public final class ProcessMemory {

  private ProcessMemory() {}

  /** Peak resident set size in MB (VmHWM), or -1 where /proc is not available. */
  public static double peakResidentMegabytes() {
    return statusField("VmHWM:");
  }

  /** Current resident set size in MB (VmRSS), or -1 where /proc is not available. */
  public static double residentMegabytes() {
    return statusField("VmRSS:");
  }

  private static double statusField(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field)) {
          String kilobytes = line.substring(field.length()).trim().split("\\s+")[0];
          return Long.parseLong(kilobytes) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
