package tftrain.data.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ByteSizeTest {

  @Test
  void parsesSizesAsPeopleWriteThem() {
    assertEquals(4096, ByteSize.parse("4096"));
    assertEquals(500L << 20, ByteSize.parse("500M"));
    assertEquals(16L << 30, ByteSize.parse("16G"));
    assertEquals(16L << 30, ByteSize.parse("16gb"));
    assertEquals(3L << 29, ByteSize.parse("1.5GiB"));
    assertEquals(2L << 40, ByteSize.parse(" 2 T "));
  }

  @Test
  void rejectsWhatIsNotASize() {
    assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("lots"));
    assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("-1G"));
    assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("0"));
    assertThrows(IllegalArgumentException.class, () -> ByteSize.parse("99999999T"));
  }

  @Test
  void formatsWithOneDecimal() {
    assertEquals("812 B", ByteSize.format(812));
    assertEquals("1.5 KiB", ByteSize.format(1536));
    assertEquals("543.2 MiB", ByteSize.format((long) (543.2 * (1 << 20))));
    assertEquals("16.0 GiB", ByteSize.format(16L << 30));
  }
}
