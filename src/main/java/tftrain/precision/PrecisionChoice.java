package tftrain.precision;

import java.util.Locale;
import tftrain.runtime.Precision;

/**
 * The precision a command runs in and why, e.g. bf16 "self-check passed" or fp32 "bf16 self-check failed:
 * conv2/kernel gradient at step 2 off by 87 % (limit 25 %)". Shown on the {@code Device:} line and recorded
 * in {@code summary.json} and {@code bench --json}.
 */
public record PrecisionChoice(Precision precision, String reason) {

  /** "bf16 (self-check passed)". */
  public String describe() {
    return precision.name().toLowerCase(Locale.ROOT) + " (" + reason + ")";
  }
}
