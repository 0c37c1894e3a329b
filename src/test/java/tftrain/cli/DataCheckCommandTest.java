package tftrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.testing.TestImages;

class DataCheckCommandTest {

  @Test
  void reportsCountsBadFilesAndLeakageAndPassesWhenTrainingWouldStart(@TempDir Path temp) throws Exception {
    Path data = TestImages.trainValFolders(temp.resolve("data"), 2, 3, 2, 40, 5);
    Files.copy(data.resolve("train/blue/blue.0.jpg"), data.resolve("val/blue/copy-of-train.jpg"));
    Files.writeString(data.resolve("train/red/notes.jpg"), "not an image");
    byte[] png = Files.readAllBytes(TestImages.write(TestImages.image(1, 8, 8, new java.util.Random(1)),
        temp.resolve("small.png"), "png"));
    ByteBuffer.wrap(png).putInt(16, 20000).putInt(20, 20000);
    Files.write(data.resolve("train/red/huge.png"), png);

    Run check = Run.of("data", "check", data.toString());

    assertEquals(0, check.exitCode(), check.err());
    String out = check.out();
    assertTrue(out.contains("train/ and val/"), out);
    assertTrue(out.contains("notes.jpg: not a JPEG, PNG, GIF or BMP file"), out);
    assertTrue(out.contains("huge.png: image is 20000 x 20000 pixels, over the limit of 100000000"), out);
    assertTrue(out.contains("1 across train and val (leakage)"), out);
    assertTrue(out.contains("LEAK " + data.resolve("train/blue/blue.0.jpg") + " = "
        + data.resolve("val/blue/copy-of-train.jpg"))
        || out.contains("LEAK " + data.resolve("val/blue/copy-of-train.jpg")), out);
    assertTrue(out.contains("OK: training would start, but 2 file(s) training would skip;"
        + " 1 image(s) in both train and val"), out);
  }

  @Test
  void decodeFindsDamagePastTheHeaderAndFailuresExitNonZero(@TempDir Path temp) throws Exception {
    Path data = TestImages.trainValFolders(temp.resolve("data"), 2, 2, 1, 40, 6);
    byte[] jpeg = Files.readAllBytes(data.resolve("train/blue/blue.0.jpg"));
    Files.write(data.resolve("train/blue/truncated.jpg"), java.util.Arrays.copyOf(jpeg, jpeg.length / 2));
    Run headers = Run.of("data", "check", data.toString());
    assertEquals(0, headers.exitCode(), headers.err());
    assertTrue(headers.out().contains("Files training would skip: 0"), headers.out());
    Run decoded = Run.of("data", "check", data.toString(), "--decode");
    assertTrue(decoded.out().contains("truncated.jpg: damaged or truncated JPEG data"), decoded.out());

    Files.createDirectories(data.resolve("val/green"));
    Run failing = Run.of("data", "check", data.toString());
    assertEquals(2, failing.exitCode());
    assertTrue(failing.err().startsWith("tftrain: error: training would fail: class 'green' in " + data.resolve("val")
        + " has no images"), failing.err());
  }

  @Test
  void aClassWithNoDecodableImageFailsTheDecodeCheckAndStrictFailsOnSkippedFiles(@TempDir Path temp) throws Exception {
    Path data = TestImages.trainValFolders(temp.resolve("data"), 2, 2, 1, 40, 7);
    TestImages.cutInHalf(data.resolve("train/red"));
    Run decoded = Run.of("data", "check", data.toString(), "--decode");
    assertEquals(2, decoded.exitCode(), decoded.out());
    assertTrue(decoded.err().contains("class 'red' in " + data.resolve("train") + " has no image that decodes (2 of 2"),
        decoded.err());

    Path other = TestImages.trainValFolders(temp.resolve("other"), 2, 2, 1, 40, 8);
    Path photo = other.resolve("train/blue/blue.0.jpg");
    Files.write(photo, TestImages.withExifOrientation(Files.readAllBytes(photo), 6,
        java.nio.ByteOrder.BIG_ENDIAN));
    Files.writeString(other.resolve("train/red/notes.jpg"), "not an image");
    Run lenient = Run.of("data", "check", other.toString());
    assertEquals(0, lenient.exitCode());
    assertTrue(lenient.out().contains("Photos with an EXIF rotation: 1 (e.g. " + photo + ")"), lenient.out());
    Run strict = Run.of("data", "check", other.toString(), "--strict");
    assertEquals(2, strict.exitCode(), strict.out());
    assertTrue(strict.err().contains("--strict: 1 file(s) training would skip"), strict.err());
  }
}
