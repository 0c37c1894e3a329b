package tftrain.data;

/**
 * SplitMix64's finalizer: turns nearby inputs (seed and epoch, seed and a class name's hash) into unrelated
 * 64-bit values, since {@link java.util.Random}'s first draws for nearby seeds are correlated.
 */
final class SplitMix64 {

  private SplitMix64() {}

  static long mix(long value) {
    long z = value;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
