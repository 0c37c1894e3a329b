package tftrain.precision;

/**
 * The outcome of the bf16 self-check on one machine.
 *
 * @param passed whether bf16 training and inference agreed with fp32 within the tolerances
 * @param detail what was worst, e.g. "conv2/kernel gradient at step 2 off by 87 % (limit 25 %)"
 */
public record PrecisionVerdict(boolean passed, String detail) {

  public static PrecisionVerdict pass(String detail) {
    return new PrecisionVerdict(true, detail);
  }

  public static PrecisionVerdict fail(String detail) {
    return new PrecisionVerdict(false, detail);
  }
}
