package tftrain.data.tools;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ZipLimitsTest {

  @Test
  void judgesOnlyLargeEntriesByTheirRatio() {
    ZipLimits limits = ZipLimits.defaults();

    assertFalse(limits.exceedsRatio(ZipLimits.RATIO_EXEMPT_BYTES, 1), "small files may compress any amount");
    assertFalse(limits.exceedsRatio(100L << 20, 2L << 20), "50x is within 100x");
    assertTrue(limits.exceedsRatio(100L << 20, 1L << 10), "100 MiB from 1 KiB is a bomb");
    assertTrue(limits.exceedsRatio(2L << 20, 0), "a stored size of 0 counts as 1");
  }

  @Test
  void rejectsLimitsThatCannotWork() {
    assertThrows(IllegalArgumentException.class, () -> new ZipLimits(0, 100));
    assertThrows(IllegalArgumentException.class, () -> new ZipLimits(1, 0.5));
    assertThrows(IllegalArgumentException.class, () -> new ZipLimits(1, Double.NaN));
  }
}
