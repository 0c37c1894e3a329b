package tftrain.precision;

/**
 * Decides whether bf16 computes correctly on this machine. An interface so that tests can force either
 * verdict: the machine a test runs on may well be one where bf16 is right.
 */
@FunctionalInterface
public interface Bf16Check {
  PrecisionVerdict run();
}
