package tftrain.train;

import java.util.Locale;

/**
 * The type the gradients travel in between the workers of a multi-worker run ({@code --reduce-dtype}); a
 * single process reduces nothing and ignores it. fp32 is exact; bf16 and fp16 halve the bytes on the wire.
 */
public enum ReduceDtype {
  FP32,
  BF16,
  FP16;

  /** How the option spells it. */
  public String option() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Bytes per gradient element on the wire. */
  public int bytes() {
    return this == FP32 ? 4 : 2;
  }
}
