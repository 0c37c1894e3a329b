package tftrain.runtime;

import java.util.Locale;

/**
 * What a process mostly computes, which decides its kernel library: training (train, with its validation,
 * and bench) or inference (predict, export). One process has one library: TensorFlow reads its oneDNN
 * switch once, when the first graph is built.
 */
public enum Workload {
  TRAINING,
  INFERENCE;

  /** "training" or "inference", as reasons and the launcher's marker spell it. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
