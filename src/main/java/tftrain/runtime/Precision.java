package tftrain.runtime;

/** The arithmetic TensorFlow runs the network in. Weights are always stored in fp32. */
public enum Precision {
  /** Plain float32. */
  FP32,
  /**
   * bfloat16 compute with fp32 master weights, by grappler's auto mixed precision for oneDNN: convolutions
   * and matmuls run in bf16 on CPUs with AVX512-BF16/AMX, losses and updates stay fp32.
   */
  BF16
}
