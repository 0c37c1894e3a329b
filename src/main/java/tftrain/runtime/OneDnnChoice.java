package tftrain.runtime;

/**
 * Whether TensorFlow runs its convolutions and matrix products on oneDNN (else on Eigen), who decided and
 * why, e.g. oneDNN on "AVX2-only CPU: measured faster for training". Shown on the {@code Device:} line and
 * recorded in {@code summary.json} and {@code bench --json}.
 */
public record OneDnnChoice(boolean on, Source source, String reason) {

  /** Who decided. */
  public enum Source {
    /** tftrain's {@code auto}, per CPU class and workload, passed to the child JVM by the launcher. */
    AUTO,
    /** The user's own TF_ENABLE_ONEDNN_OPTS. */
    USER,
    /** Nobody: TF_ENABLE_ONEDNN_OPTS unset, so TensorFlow's default for the CPU applies. */
    TENSORFLOW_DEFAULT
  }

  /** "oneDNN" or "Eigen": the library the convolutions run on. */
  public String library() {
    return on ? "oneDNN" : "Eigen";
  }

  /** "oneDNN on (AVX2-only CPU: measured faster for training)". */
  public String describe() {
    return "oneDNN " + (on ? "on" : "off") + " (" + reason + ")";
  }
}
