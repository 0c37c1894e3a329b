package tftrain.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.testing.TestImages;

class ExifOrientationTest {

  @Test
  void readsTheOrientationInEitherByteOrderAndUprightWithoutOne(@TempDir Path temp) throws Exception {
    byte[] jpeg = Files.readAllBytes(
        TestImages.write(TestImages.image(0, 20, 10, new Random(1)), temp.resolve("a.jpg"), "jpg"));
    assertEquals(ExifOrientation.UPRIGHT, ExifOrientation.of(jpeg));
    assertEquals(6, ExifOrientation.of(TestImages.withExifOrientation(jpeg, 6, ByteOrder.BIG_ENDIAN)));
    assertEquals(8, ExifOrientation.of(TestImages.withExifOrientation(jpeg, 8, ByteOrder.LITTLE_ENDIAN)));
    assertEquals(ExifOrientation.UPRIGHT,
        ExifOrientation.of(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1, 0}));
    assertEquals(ExifOrientation.UPRIGHT, ExifOrientation.of("not a jpeg".getBytes()));
  }
}
