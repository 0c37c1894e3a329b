package tftrain.precision;

/**
 * How far one op's bf16 result is from its fp32 result on the same inputs.
 *
 * @param op the layer and the arithmetic, e.g. "conv2 backward-input"
 * @param relativeError ‖bf16 − fp32‖₂ / ‖fp32‖₂, the worst of the repetitions (NaN when non-finite)
 * @param finite whether every bf16 output value was finite
 */
public record OpError(String op, double relativeError, boolean finite) {

  /**
   * The largest relative error a correct bf16 kernel shows. bf16 rounds to 8 mantissa bits (relative step
   * 2⁻⁸ ≈ 0.4 %); measured errors of correct kernels at AlexNet's shapes stay below 1 %, so 5 % leaves
   * room for long reductions while a wrong kernel (off by ~100 % or more) cannot pass.
   */
  public static final double TOLERANCE = 0.05;

  public boolean passes() {
    return finite && relativeError <= TOLERANCE;
  }
}
