package tftrain.distributed;

import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RewriterConfig;

/**
 * What a worker's training session needs beyond one process's configuration.
 *
 * <p>bf16: grappler's remapper fuses Conv2D + BiasAdd (+ Relu) into {@code _FusedConv2D} in bf16, a type that
 * op's definition does not list; one process runs it because oneDNN's layout pass renames it to its own op
 * first, but a worker's graph is checked against the op definitions when the master hands it over (TF 2.18:
 * "Value for attr 'T' of bfloat16 is not in the list of allowed values", node conv1/BiasAdd). Without the
 * remapper, oneDNN's pass still fuses the convolution with its bias. The all-reduce itself was never the
 * problem: CollectiveReduce is on none of the rewrite's lists, so it stays fp32 and the rewrite casts into it.
 */
final class ClusterSessionConfig {

  private ClusterSessionConfig() {}

  /** {@code base} as a worker's training session runs it. */
  static ConfigProto forWorker(ConfigProto base) {
    RewriterConfig rewrites = base.getGraphOptions().getRewriteOptions();
    if (rewrites.getAutoMixedPrecisionOnednnBfloat16() != RewriterConfig.Toggle.ON) {
      return base;
    }
    ConfigProto.Builder config = base.toBuilder();
    config.getGraphOptionsBuilder().getRewriteOptionsBuilder().setRemapping(RewriterConfig.Toggle.OFF);
    return config.build();
  }
}
