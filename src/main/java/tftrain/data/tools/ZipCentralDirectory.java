package tftrain.data.tools;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipException;

/**
 * Reads the one thing {@link java.util.zip.ZipFile} hides: each entry's "external attributes", where zip
 * tools on Unix store the file mode and so mark symbolic links ({@code S_IFLNK}).
 *
 * <p>This is the simplest correct way without a new dependency: the central directory is a flat list of
 * fixed-layout records at the end of the file (PKWARE APPNOTE 4.3.12), so a short reader finds it and
 * {@code ZipFile} still does all the decompression. Names are decoded as {@code ZipFile} decodes them
 * (UTF-8), so the two agree on every name.
 */
final class ZipCentralDirectory {

  /** One central directory record: the entry's name and the attributes {@code ZipEntry} does not expose. */
  record Entry(String name, int versionMadeBy, long externalAttributes, boolean encrypted) {

    private static final int FILE_TYPE_MASK = 0170000;
    private static final int SYMBOLIC_LINK = 0120000;

    /**
     * True when the Unix mode in the high 16 bits says symbolic link. Checked whatever "made by" system the
     * entry claims, because a crafted archive can claim any; on honest non-Unix entries those bits are 0.
     */
    boolean isSymbolicLink() {
      return ((externalAttributes >>> 16) & FILE_TYPE_MASK) == SYMBOLIC_LINK;
    }
  }

  private static final int END_SIGNATURE = 0x06054b50;
  private static final int END_LENGTH = 22;
  private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
  private static final int ZIP64_LOCATOR_LENGTH = 20;
  private static final int ZIP64_END_SIGNATURE = 0x06064b50;
  private static final int ZIP64_END_LENGTH = 56;
  private static final int CENTRAL_SIGNATURE = 0x02014b50;
  private static final int CENTRAL_LENGTH = 46;
  /** General purpose bit 0: the entry's data is encrypted. */
  private static final int ENCRYPTED_FLAG = 1;
  /** The end record is followed by a comment of at most 65535 bytes, so it lies within this many of the end. */
  private static final int END_SEARCH_LENGTH = END_LENGTH + 0xFFFF;

  /** The archive is one part of a split (multi-disk) archive, which only its tool can put back together. */
  static final class SplitArchiveException extends ZipException {
    private static final long serialVersionUID = 1L;

    SplitArchiveException() {
      super("one part of a split archive");
    }
  }

  private ZipCentralDirectory() {}

  /**
   * Lists the central directory records of {@code archive} in file order.
   *
   * @throws ZipException when the file has no readable central directory
   */
  static List<Entry> read(Path archive) throws IOException {
    try (FileChannel channel = FileChannel.open(archive, StandardOpenOption.READ)) {
      long size = channel.size();
      int tailLength = (int) Math.min(size, END_SEARCH_LENGTH);
      ByteBuffer tail = readAt(channel, size - tailLength, tailLength);
      int end = findEndRecord(tail);
      if (end < 0) {
        throw new ZipException("no end of central directory record");
      }
      long endPosition = size - tailLength + end;
      if (tail.getShort(end + 4) != 0 || tail.getShort(end + 6) != 0) {
        throw new SplitArchiveException();
      }
      long entryCount = Short.toUnsignedLong(tail.getShort(end + 10));
      long directoryLength = Integer.toUnsignedLong(tail.getInt(end + 12));
      long directoryOffset = Integer.toUnsignedLong(tail.getInt(end + 16));
      // The directory ends where the end records start: the classic one, or the ZIP64 end record before
      // it. Measuring back from there also works for archives with a prefix (self-extractors), whose stored
      // offsets are off by the prefix length. Info-ZIP writes ZIP64 records whenever it streams (from a
      // pipe, or with -fz) even when no classic field overflows, so the locator is looked for every time.
      long directoryEnd = endPosition;
      ByteBuffer locator =
          endPosition >= ZIP64_LOCATOR_LENGTH ? readAt(channel, endPosition - ZIP64_LOCATOR_LENGTH, ZIP64_LOCATOR_LENGTH) : null;
      boolean overflowed = entryCount == 0xFFFF || directoryLength == 0xFFFFFFFFL || directoryOffset == 0xFFFFFFFFL;
      if (locator != null && locator.getInt(0) == ZIP64_LOCATOR_SIGNATURE) {
        long zip64EndPosition = findZip64End(channel, locator.getLong(8), endPosition - ZIP64_LOCATOR_LENGTH);
        ByteBuffer zip64End = readAt(channel, zip64EndPosition, ZIP64_END_LENGTH);
        directoryLength = zip64End.getLong(40);
        directoryEnd = zip64EndPosition;
      } else if (overflowed) {
        throw new ZipException("ZIP64 locator missing");
      }
      long directoryStart = directoryEnd - directoryLength;
      if (directoryStart < 0 || directoryLength > Integer.MAX_VALUE || directoryStart + directoryLength > size) {
        throw new ZipException("central directory out of bounds");
      }
      return parse(readAt(channel, directoryStart, (int) directoryLength));
    }
  }

  /**
   * Where the ZIP64 end record is: at the offset the locator stores, or, in an archive with a prefix,
   * right before the locator (its usual place: it has no extensible data in practice).
   */
  private static long findZip64End(FileChannel channel, long storedOffset, long locatorPosition) throws IOException {
    for (long candidate : new long[] {storedOffset, locatorPosition - ZIP64_END_LENGTH}) {
      if (candidate >= 0 && candidate + ZIP64_END_LENGTH <= locatorPosition
          && readAt(channel, candidate, 4).getInt(0) == ZIP64_END_SIGNATURE) {
        return candidate;
      }
    }
    throw new ZipException("ZIP64 end record missing");
  }

  private static int findEndRecord(ByteBuffer tail) {
    for (int position = tail.limit() - END_LENGTH; position >= 0; position--) {
      if (tail.getInt(position) == END_SIGNATURE) {
        int commentLength = Short.toUnsignedInt(tail.getShort(position + 20));
        if (position + END_LENGTH + commentLength <= tail.limit()) {
          return position;
        }
      }
    }
    return -1;
  }

  private static List<Entry> parse(ByteBuffer directory) throws ZipException {
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    List<Entry> entries = new ArrayList<>();
    int position = 0;
    while (position < directory.limit()) {
      if (position + CENTRAL_LENGTH > directory.limit() || directory.getInt(position) != CENTRAL_SIGNATURE) {
        throw new ZipException("bad central directory record at byte " + position);
      }
      int versionMadeBy = Short.toUnsignedInt(directory.getShort(position + 4));
      boolean encrypted = (directory.getShort(position + 8) & ENCRYPTED_FLAG) != 0;
      int nameLength = Short.toUnsignedInt(directory.getShort(position + 28));
      int extraLength = Short.toUnsignedInt(directory.getShort(position + 30));
      int commentLength = Short.toUnsignedInt(directory.getShort(position + 32));
      long externalAttributes = Integer.toUnsignedLong(directory.getInt(position + 38));
      int recordLength = CENTRAL_LENGTH + nameLength + extraLength + commentLength;
      if (position + recordLength > directory.limit()) {
        throw new ZipException("central directory record runs past its end");
      }
      String name;
      try {
        name = decoder.decode(directory.slice(position + CENTRAL_LENGTH, nameLength)).toString();
      } catch (CharacterCodingException e) {
        throw new ZipException("an entry name is not valid UTF-8");
      }
      entries.add(new Entry(name, versionMadeBy, externalAttributes, encrypted));
      position += recordLength;
    }
    return entries;
  }

  private static ByteBuffer readAt(FileChannel channel, long position, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new EOFException("archive ends early");
      }
    }
    return buffer.flip().order(ByteOrder.LITTLE_ENDIAN);
  }
}
