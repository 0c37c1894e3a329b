package tftrain.runtime;

import org.tensorflow.proto.ConfigProto;
import tftrain.InvalidSettingException;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * How TensorFlow uses the machine: thread pools and precision. The same settings serve training, bench
 * and predict, so their speeds are comparable.
 *
 * @param threads intra-op threads; measured fastest here with one per core and a single inter-op thread
 */
public record ComputeSettings(int threads, Precision precision) {

  /** Far above any machine's cores; TensorFlow's thread pools refuse 65536 and more (every decode then fails). */
  public static final int MAX_THREADS = 1024;

  public ComputeSettings {
    InvalidSettingException.requireAtLeast("threads", threads, 1);
    InvalidSettingException.requireAtMost("threads", threads, MAX_THREADS);
  }

  /** One thread per core, in the given precision. */
  public static ComputeSettings defaults(Precision precision) {
    return new ComputeSettings(Runtime.getRuntime().availableProcessors(), precision);
  }

  /** The session configuration for the network's graph. */
  public ConfigProto sessionConfig() {
    ConfigProto.Builder config =
        ConfigProto.newBuilder()
            .setIntraOpParallelismThreads(threads)
            .setInterOpParallelismThreads(1)
            .setAllowSoftPlacement(true);
    if (precision == Precision.BF16) {
      config.setGraphOptions(
          GraphOptions.newBuilder()
              .setRewriteOptions(
                  RewriterConfig.newBuilder()
                      .setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON)));
    }
    return config.build();
  }

  /** Whether {@code sessionConfig} (from {@link #sessionConfig}; null: TensorFlow's defaults) computes in bf16. */
  public static boolean computesInBf16(ConfigProto sessionConfig) {
    return sessionConfig != null
        && sessionConfig.getGraphOptions().getRewriteOptions().getAutoMixedPrecisionOnednnBfloat16()
            == RewriterConfig.Toggle.ON;
  }

  /** {@code sessionConfig} (from {@link #sessionConfig}) computing in fp32: its threads, no bf16 rewrite. */
  public static ConfigProto withoutBf16(ConfigProto sessionConfig) {
    return sessionConfig.toBuilder().clearGraphOptions().build();
  }

  /**
   * The session configuration for the image-decoding graph: its map runs on the inter-op pool, so that
   * pool gets the threads; one intra-op thread suffices for per-image ops.
   */
  public ConfigProto decodeSessionConfig() {
    return ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(1)
        .setInterOpParallelismThreads(threads)
        .build();
  }
}
