package tftrain.data.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipCentralDirectoryTest {

  @TempDir Path temp;

  @Test
  void listsEveryEntryInOrderAndFindsSymbolicLinks() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("train/", null);
    entries.put("train/cat.0.jpg", new byte[] {1, 2, 3});
    entries.put("train/link", "cat.0.jpg".getBytes(StandardCharsets.UTF_8));
    entries.put("train/chat-été.jpg", new byte[] {4});
    Path zip = TestZips.write(temp.resolve("a.zip"), entries);
    TestZips.markSymbolicLink(zip, "train/link");

    List<ZipCentralDirectory.Entry> records = ZipCentralDirectory.read(zip);

    assertEquals(
        List.of("train/", "train/cat.0.jpg", "train/link", "train/chat-été.jpg"),
        records.stream().map(ZipCentralDirectory.Entry::name).toList());
    assertEquals(
        List.of(false, false, true, false),
        records.stream().map(ZipCentralDirectory.Entry::isSymbolicLink).toList());
  }

  @Test
  void readsAnArchiveWithAPrefixAndAComment() throws IOException {
    Path plain = TestZips.write(temp.resolve("plain.zip"), Map.of("a.txt", new byte[] {1}));
    byte[] zipBytes = Files.readAllBytes(plain);
    Path prefixed = temp.resolve("prefixed.zip");
    try (OutputStream out = Files.newOutputStream(prefixed)) {
      out.write("#!/bin/sh\necho self-extracting\n".getBytes(StandardCharsets.UTF_8));
      out.write(zipBytes);
    }
    Path commented = temp.resolve("commented.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(commented))) {
      out.setComment("PK\u0005\u0006 a comment that looks like an end record");
      out.putNextEntry(new ZipEntry("b.txt"));
      out.closeEntry();
    }

    assertEquals("a.txt", ZipCentralDirectory.read(prefixed).get(0).name());
    assertEquals("b.txt", ZipCentralDirectory.read(commented).get(0).name());
  }

  @Test
  void readsAZip64ArchiveWithMoreThan65535Entries() throws IOException {
    Path zip = temp.resolve("many.zip");
    int count = 70_000;
    // Stored, empty and buffered: ZipOutputStream writes 70,000 such entries in a fraction of a second.
    try (ZipOutputStream out = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(zip), 1 << 16))) {
      for (int index = 0; index < count; index++) {
        ZipEntry entry = new ZipEntry("f" + index);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(0);
        entry.setCompressedSize(0);
        entry.setCrc(0);
        out.putNextEntry(entry);
        out.closeEntry();
      }
    }

    byte[] bytes = Files.readAllBytes(zip);
    int endRecordCount = (bytes[bytes.length - 12] & 0xFF) | (bytes[bytes.length - 11] & 0xFF) << 8;
    assertEquals(0xFFFF, endRecordCount, "the count overflows the classic end record, so ZIP64 is in use");

    List<ZipCentralDirectory.Entry> records = ZipCentralDirectory.read(zip);

    assertEquals(count, records.size());
    assertEquals("f69999", records.get(count - 1).name());
    assertFalse(records.get(0).isSymbolicLink());
  }

  @Test
  void rejectsAFileWithoutACentralDirectory() throws IOException {
    Path notZip = Files.writeString(temp.resolve("not.zip"), "just text, no zip structure");

    ZipException error = assertThrows(ZipException.class, () -> ZipCentralDirectory.read(notZip));

    assertTrue(error.getMessage().contains("no end of central directory record"));
  }

  @Test
  void readsZip64EndRecordsThatNoClassicFieldNeeded() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("train/cat.0.jpg", new byte[] {1, 2, 3});
    entries.put("train/dog.0.jpg", new byte[] {4});
    Path zip = TestZips.write(temp.resolve("streamed.zip"), entries);
    TestZips.addZip64EndRecords(zip);

    assertEquals(List.of("train/cat.0.jpg", "train/dog.0.jpg"),
        ZipCentralDirectory.read(zip).stream().map(ZipCentralDirectory.Entry::name).toList());
  }

  @Test
  void readsRealInfoZipOutputStreamedAndForcedZip64() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(TestZips.hasInfoZip(),
        "Info-ZIP zip is not installed (.ci/run installs it); the Java-built ZIP64 archives are tested above");
    Path folder = Files.createDirectories(temp.resolve("src/train"));
    Files.write(folder.resolve("cat.0.jpg"), TinyImages.bytes("jpg", 1));
    Files.write(folder.resolve("dog.0.png"), TinyImages.bytes("png", 2));
    Path forced = temp.resolve("forced.zip");
    TestZips.infoZip(temp.resolve("src"), null, "-r", "-fz", forced.toString(), "train");
    Path streamed = temp.resolve("streamed.zip");
    TestZips.infoZip(temp.resolve("src"), streamed, "-r", "-", "train");

    for (Path zip : List.of(forced, streamed)) {
      assertEquals(List.of("train/", "train/cat.0.jpg", "train/dog.0.png"),
          ZipCentralDirectory.read(zip).stream().map(ZipCentralDirectory.Entry::name).sorted().toList(), zip.toString());
    }
    // Content from a pipe: Info-ZIP cannot know the size ahead, so it writes ZIP64 end records although
    // no classic field overflows; this is the archive that was refused as damaged.
    Path piped = temp.resolve("piped.zip");
    TestZips.infoZipPiped(temp, folder.resolve("cat.0.jpg"), null, piped.toString(), "-");
    assertEquals(List.of("-"), ZipCentralDirectory.read(piped).stream().map(ZipCentralDirectory.Entry::name).toList());
  }
}
