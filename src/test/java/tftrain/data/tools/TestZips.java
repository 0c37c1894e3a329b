package tftrain.data.tools;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes test archives with {@link ZipOutputStream} and patches the central directory for what it cannot
 * write: symbolic links (a Unix mode in the external attributes) and sizes that lie.
 */
public final class TestZips {

  private static final int CENTRAL_SIGNATURE = 0x02014b50;
  private static final int SYMBOLIC_LINK_MODE = 0120777;
  private static final int UNIX_HOST = 3;

  private TestZips() {}

  /** Writes {@code entries} (name to content, in order; a null content makes a folder entry), deflated. */
  public static Path write(Path zip, Map<String, byte[]> entries) throws IOException {
    return write(zip, entries, ZipEntry.DEFLATED);
  }

  /** Writes {@code entries} with the given method ({@link ZipEntry#STORED} or {@link ZipEntry#DEFLATED}). */
  public static Path write(Path zip, Map<String, byte[]> entries, int method) throws IOException {
    Files.createDirectories(zip.toAbsolutePath().getParent());
    try (OutputStream file = Files.newOutputStream(zip);
        ZipOutputStream out = new ZipOutputStream(file, StandardCharsets.UTF_8)) {
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        ZipEntry zipEntry = new ZipEntry(entry.getKey());
        byte[] content = entry.getValue() == null ? new byte[0] : entry.getValue();
        zipEntry.setMethod(method);
        if (method == ZipEntry.STORED) {
          CRC32 crc = new CRC32();
          crc.update(content);
          zipEntry.setSize(content.length);
          zipEntry.setCompressedSize(content.length);
          zipEntry.setCrc(crc.getValue());
        }
        out.putNextEntry(zipEntry);
        out.write(content);
        out.closeEntry();
      }
    }
    return zip;
  }

  /** Marks entry {@code name} as a symbolic link, the way Info-ZIP stores one made on Unix. */
  public static void markSymbolicLink(Path zip, String name) throws IOException {
    markSymbolicLink(zip, name, UNIX_HOST);
  }

  /** As above, with the entry claiming to be made on {@code host} (0 is MS-DOS), as a crafted archive can. */
  public static void markSymbolicLink(Path zip, String name, int host) throws IOException {
    patchCentralRecord(
        zip,
        name,
        record -> {
          record.putShort(4, (short) ((host << 8) | 30));
          record.putInt(38, SYMBOLIC_LINK_MODE << 16);
        });
  }

  /** Makes the central directory say entry {@code name} is packed with compression method {@code method}. */
  public static void declareMethod(Path zip, String name, int method) throws IOException {
    patchCentralRecord(zip, name, record -> record.putShort(10, (short) method));
  }

  /** Sets the "encrypted" flag (general purpose bit 0) of entry {@code name}, as a password-protected zip has. */
  public static void markEncrypted(Path zip, String name) throws IOException {
    patchCentralRecord(zip, name, record -> record.putShort(8, (short) (record.getShort(8) | 1)));
  }

  /** Makes the end record say it is on disk 2 of a split archive, as the last part of {@code zip -s} is. */
  public static void markLastPartOfSplit(Path zip) throws IOException {
    byte[] bytes = Files.readAllBytes(zip);
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (int position = bytes.length - 22; position >= 0; position--) {
      if (buffer.getInt(position) == 0x06054b50) {
        buffer.putShort(position + 4, (short) 2);
        Files.write(zip, bytes);
        return;
      }
    }
    throw new IllegalArgumentException("no end record in " + zip);
  }

  /** Makes the central directory declare {@code size} uncompressed bytes for {@code name}. */
  public static void declareSize(Path zip, String name, int size) throws IOException {
    patchCentralRecord(zip, name, record -> record.putInt(24, size));
  }

  /** Flips one byte in the middle of the stored data of entry {@code name}. */
  public static void damageData(Path zip, String name) throws IOException {
    byte[] bytes = Files.readAllBytes(zip);
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int record = findCentralRecord(buffer, name);
    int compressedSize = buffer.getInt(record + 20);
    int localHeader = buffer.getInt(record + 42);
    int dataStart =
        localHeader + 30 + Short.toUnsignedInt(buffer.getShort(localHeader + 26))
            + Short.toUnsignedInt(buffer.getShort(localHeader + 28));
    bytes[dataStart + compressedSize / 2] ^= 0x5A;
    Files.write(zip, bytes);
  }

  /**
   * Inserts a ZIP64 end record and locator before the classic end record, leaving the classic fields as
   * they are: the layout Info-ZIP writes when it streams (from a pipe, or with {@code -fz}).
   */
  public static void addZip64EndRecords(Path zip) throws IOException {
    byte[] bytes = Files.readAllBytes(zip);
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int end = bytes.length - 22; // no comment
    long entries = Short.toUnsignedLong(in.getShort(end + 10));
    long directoryLength = Integer.toUnsignedLong(in.getInt(end + 12));
    long directoryOffset = Integer.toUnsignedLong(in.getInt(end + 16));
    ByteBuffer records = ByteBuffer.allocate(56 + 20).order(ByteOrder.LITTLE_ENDIAN);
    records.putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45).putInt(0).putInt(0)
        .putLong(entries).putLong(entries).putLong(directoryLength).putLong(directoryOffset);
    records.putInt(0x07064b50).putInt(0).putLong(end).putInt(1);
    byte[] patched = new byte[bytes.length + records.capacity()];
    System.arraycopy(bytes, 0, patched, 0, end);
    System.arraycopy(records.array(), 0, patched, end, records.capacity());
    System.arraycopy(bytes, end, patched, end + records.capacity(), 22);
    Files.write(zip, patched);
  }

  /** True when Info-ZIP's {@code zip} is on the PATH. */
  public static boolean hasInfoZip() {
    try {
      return new ProcessBuilder("zip", "-v").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Runs Info-ZIP's {@code zip ARGS} in {@code folder}; with {@code stdout} set, its output goes there. */
  public static void infoZip(Path folder, Path stdout, String... args) throws IOException, InterruptedException {
    infoZipPiped(folder, null, stdout, args);
  }

  /** As above, with {@code stdin} (when set) piped in: {@code zip archive.zip -} stores it as entry "-". */
  public static void infoZipPiped(Path folder, Path stdin, Path stdout, String... args)
      throws IOException, InterruptedException {
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("zip", "-q"));
    command.addAll(java.util.List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile());
    if (stdout != null) {
      builder.redirectOutput(stdout.toFile());
    }
    if (stdin != null) {
      builder.redirectInput(stdin.toFile());
    }
    Process process = builder.redirectError(ProcessBuilder.Redirect.INHERIT).start();
    if (process.waitFor() != 0) {
      throw new IOException("zip " + String.join(" ", args) + " failed with exit code " + process.exitValue());
    }
  }

  /** Cuts the archive to its first {@code keepBytes}, as an interrupted download does. */
  public static void truncate(Path zip, int keepBytes) throws IOException {
    Files.write(zip, Arrays.copyOf(Files.readAllBytes(zip), keepBytes));
  }

  private interface RecordPatch {
    void apply(ByteBuffer record);
  }

  private static void patchCentralRecord(Path zip, String name, RecordPatch patch) throws IOException {
    byte[] bytes = Files.readAllBytes(zip);
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int record = findCentralRecord(buffer, name);
    patch.apply(buffer.slice(record, bytes.length - record).order(ByteOrder.LITTLE_ENDIAN));
    Files.write(zip, bytes);
  }

  private static int findCentralRecord(ByteBuffer buffer, String name) {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    for (int position = 0; position + 46 + nameBytes.length <= buffer.limit(); position++) {
      if (buffer.getInt(position) == CENTRAL_SIGNATURE
          && Short.toUnsignedInt(buffer.getShort(position + 28)) == nameBytes.length
          && Arrays.equals(
              Arrays.copyOfRange(buffer.array(), position + 46, position + 46 + nameBytes.length), nameBytes)) {
        return position;
      }
    }
    throw new IllegalArgumentException("no central directory record for " + name);
  }
}
