package tftrain.runtime;

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
      // "123456 kB"
      return ProcessStatus.field(field).map(value -> Long.parseLong(value.split("\\s+")[0]) / 1024.0).orElse(-1.0);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
