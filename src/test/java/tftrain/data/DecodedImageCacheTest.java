package tftrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.BadInputException;
import tftrain.runtime.ComputeSettings;
import tftrain.runtime.Precision;
import tftrain.testing.TestImages;

class DecodedImageCacheTest {

  private static final PreprocessingSpec SPEC = new PreprocessingSpec(72, 64, Normalization.HALF);

  private static BatchDecoder decoder(DecodedImageCache cache, List<BadImage> bad) {
    return new BatchDecoder(SPEC, Augmentation.HORIZONTAL_FLIP, 2,
        ComputeSettings.defaults(Precision.FP32).decodeSessionConfig(), bad::add, cache);
  }

  private static float[] pixelsOf(DecodedBatch batch) {
    float[] values = new float[(int) batch.images().shape().size()];
    batch.images().asRawTensor().data().asFloats().read(values);
    return values;
  }

  private static long entryCount(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(file -> file.toString().endsWith(".f32")).count();
    }
  }

  @Test
  void cachedBatchesAreTheDecodedOnesFlippedAndBadFilesStayOut(@TempDir Path temp) throws IOException {
    Random random = new Random(3);
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      files.add(TestImages.write(TestImages.photoLike(90 + 10 * i, 80, random), temp.resolve(i + ".jpg"), "jpg"));
    }
    Path broken = Files.write(temp.resolve("broken.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
    files.add(2, broken);
    List<ImageSample> samples = files.stream().map(path -> new ImageSample(path, files.indexOf(path) % 2)).toList();
    PlannedBatch planned = new PlannedBatch(samples, new boolean[] {true, false, false, true, false});
    Path folder = temp.resolve("cache");
    List<String> warnings = new ArrayList<>();
    float[] reference;
    List<BadImage> bad = new ArrayList<>();
    try (BatchDecoder plain = decoder(null, bad); DecodedBatch batch = plain.decode(planned, true)) {
      reference = pixelsOf(batch);
      assertEquals(4, batch.size());
    }
    DecodedImageCache cache = DecodedImageCache.open(folder, SPEC, warnings::add);
    for (int run = 0; run < 2; run++) {
      // Run 0 decodes and fills the cache; run 1, in a fresh decoder as a later epoch or run would, reads it.
      List<BadImage> cachedBad = new ArrayList<>();
      try (BatchDecoder cached = decoder(DecodedImageCache.open(folder, SPEC, warnings::add), cachedBad);
          DecodedBatch batch = cached.decode(planned, true)) {
        assertArrayEquals(reference, pixelsOf(batch), "run " + run + ": the same numbers as decoding");
        assertEquals(samples.stream().filter(sample -> sample.path() != broken).toList(), batch.samples());
        int[] labels = new int[4];
        batch.labels().asRawTensor().data().asInts().read(labels);
        assertArrayEquals(new int[] {0, 1, 1, 0}, labels);
      }
      assertEquals(List.of(broken), cachedBad.stream().map(BadImage::path).toList(), "run " + run);
    }
    assertEquals(4, entryCount(folder), "one entry per good file, none for the broken one");
    // Entries of a known value (0.25 everywhere, which a flip keeps): a batch of it proves reads from the cache.
    byte[] quarter = new byte[(int) cache.bytesPerImage()];
    java.nio.ByteBuffer.wrap(quarter).order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer()
        .put(filled(quarter.length / Float.BYTES, 0.25f));
    for (Path file : files) {
      if (file != broken) {
        cache.write(cache.entryFor(file), quarter, 0);
      }
    }
    try (BatchDecoder cached = decoder(cache, new ArrayList<>()); DecodedBatch batch = cached.decode(planned, true)) {
      assertArrayEquals(filled(reference.length, 0.25f), pixelsOf(batch), "every row read from its entry");
    }
    assertEquals(List.of(), warnings);
  }

  private static float[] filled(int length, float value) {
    float[] values = new float[length];
    java.util.Arrays.fill(values, value);
    return values;
  }

  @Test
  void aChangedFileOrOtherPreprocessingMissesAndADamagedEntryIsNotRead(@TempDir Path temp) throws IOException {
    Path file = TestImages.write(TestImages.photoLike(100, 90, new Random(4)), temp.resolve("a.jpg"), "jpg");
    Path folder = temp.resolve("cache");
    DecodedImageCache cache = DecodedImageCache.open(folder, SPEC, message -> {});
    int size = (int) cache.bytesPerImage();
    assertEquals(64 * 64 * 3 * 4, size);
    byte[] pixels = new byte[size];
    new Random(5).nextBytes(pixels);
    byte[] read = new byte[size + 8];
    assertFalse(cache.read(cache.entryFor(file), read, 8), "nothing cached yet");
    cache.write(cache.entryFor(file), pixels, 0);
    assertTrue(cache.read(cache.entryFor(file), read, 8));
    assertArrayEquals(pixels, java.util.Arrays.copyOfRange(read, 8, 8 + size));

    for (PreprocessingSpec other : List.of(new PreprocessingSpec(80, 64, Normalization.HALF),
        new PreprocessingSpec(72, 64, Normalization.IMAGENET),
        new PreprocessingSpec(72, 64, Normalization.HALF, 5000))) {
      DecodedImageCache otherCache = DecodedImageCache.open(folder, other, message -> {});
      assertFalse(otherCache.read(otherCache.entryFor(file), read, 0),
          "another --resize, normalization or --max-pixels must not read this entry: " + other);
    }

    // Rewritten with the same size and its old modification time, as cp -p or unzip would leave it.
    FileTime time = Files.getLastModifiedTime(file);
    byte[] content = Files.readAllBytes(file);
    content[content.length - 3] ^= 1;
    Files.write(file, content);
    Files.setLastModifiedTime(file, time);
    assertFalse(cache.read(cache.entryFor(file), read, 0), "a rewritten file must be decoded again");

    DecodedImageCache fresh = DecodedImageCache.open(temp.resolve("fresh"), SPEC, message -> {});
    fresh.write(fresh.entryFor(file), pixels, 0);
    assertTrue(fresh.read(fresh.entryFor(file), read, 0));
    Path entry;
    try (Stream<Path> entries = Files.walk(temp.resolve("fresh"))) {
      entry = entries.filter(path -> path.toString().endsWith(".f32")).findFirst().orElseThrow();
    }
    byte[] stored = Files.readAllBytes(entry);
    assertEquals(size + 4, stored.length, "pixels and a CRC-32C");
    stored[100] ^= 1;
    Files.write(entry, stored);
    assertFalse(fresh.read(fresh.entryFor(file), read, 0), "a damaged entry fails its checksum");
    Files.write(entry, new byte[size + 4]);
    assertFalse(fresh.read(fresh.entryFor(file), read, 0),
        "a zero-filled entry (a power cut before the data reached the disk)");
    Files.write(entry, java.util.Arrays.copyOf(stored, size / 2));
    assertFalse(fresh.read(fresh.entryFor(file), read, 0), "a short entry is a miss, not half an image");
    assertFalse(cache.read(cache.entryFor(temp.resolve("gone.jpg")), read, 0), "a missing file has no entry");
  }

  @Test
  void aFileInPlaceOfTheFolderIsRefusedAndAFailedWriteWarnsOnceAndGoesOn(@TempDir Path temp) throws IOException {
    Path notAFolder = Files.writeString(temp.resolve("cache"), "x");
    BadInputException refused =
        assertThrows(BadInputException.class, () -> DecodedImageCache.open(notAFolder, SPEC, message -> {}));
    assertEquals("--cache " + notAFolder + " is a file, not a folder", refused.getMessage());
    Path someonesFolder = Files.createDirectories(temp.resolve("photos"));
    Path photo = Files.writeString(someonesFolder.resolve("holiday.jpg"), "not ours");
    BadInputException foreign =
        assertThrows(BadInputException.class, () -> DecodedImageCache.open(someonesFolder, SPEC, message -> {}));
    assertEquals("--cache " + someonesFolder + " holds other files and is no tftrain cache; give a new or empty"
        + " folder, or one an earlier --cache made", foreign.getMessage());
    try (Stream<Path> contents = Files.list(someonesFolder)) {
      assertEquals(List.of(photo), contents.toList(), "nothing written into it");
    }
    Path empty = Files.createDirectories(temp.resolve("empty"));
    DecodedImageCache.open(empty, SPEC, message -> {});
    DecodedImageCache.open(empty, SPEC, message -> {}); // marked by the first: usable again, though not empty

    // Every subfolder an entry could go to is taken by a file: no write can succeed.
    Path blocked = Files.createDirectories(temp.resolve("blocked"));
    Files.writeString(blocked.resolve(DecodedImageCache.MARKER), "");
    for (int i = 0; i < 256; i++) {
      Files.writeString(blocked.resolve(String.format("%02x", i)), "");
    }
    List<String> warnings = new ArrayList<>();
    DecodedImageCache cache = DecodedImageCache.open(blocked, SPEC, warnings::add);
    Random random = new Random(6);
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      files.add(TestImages.write(TestImages.photoLike(80, 80, random), temp.resolve(i + ".png"), "png"));
    }
    List<BadImage> bad = new ArrayList<>();
    PlannedBatch planned =
        new PlannedBatch(files.stream().map(path -> new ImageSample(path, 0)).toList(), new boolean[3]);
    try (BatchDecoder decoder = decoder(cache, bad); DecodedBatch batch = decoder.decode(planned, false)) {
      assertEquals(3, batch.size(), "the batch decodes without the cache");
    }
    assertEquals(1, warnings.size(), "told once: " + warnings);
    assertTrue(warnings.get(0).startsWith("cannot write to the cache folder " + blocked), warnings.get(0));
    assertEquals(List.of(), bad);
  }
}
