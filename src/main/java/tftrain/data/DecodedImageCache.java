package tftrain.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import tftrain.BadInputException;
import tftrain.io.AtomicFiles;
import tftrain.runtime.TensorFlowRuntime;

/**
 * Network inputs of image files kept on disk ({@code train --cache DIR}), so that epochs after the first
 * read a file's pixels instead of decoding it again: what makes multi-epoch runs on phone photos fast,
 * where decoding a 12 MP JPEG costs more CPU than training on it.
 *
 * <p>An entry is the preprocessed image exactly as the network receives it (S×S×3 float32, before the
 * per-step flip) and a CRC-32C of it, so a run trains on the same numbers with the cache as without it. It
 * costs S·S·12 + 4 bytes per image: 588 KiB at 224.
 *
 * <p>An entry is named by a hash of everything that decides its pixels: the file (absolute path, size,
 * modification and change times to the nanosecond, and its inode where the file system has one, so that a
 * copy that keeps the old time still misses), the preprocessing and pixel limit, and the TensorFlow version
 * that decodes. Entries are written atomically (temporary file, then rename), so runs can share a folder and
 * a kill never leaves a torn entry; the checksum catches one that a power cut left zero-filled. Nothing is
 * ever deleted; the folder may be removed at any time.
 */
public final class DecodedImageCache {

  /** Part of every key: changes whenever our preprocessing could give other pixels for the same file. */
  static final int FORMAT = 1;

  private static final int CHECKSUM_BYTES = Integer.BYTES;

  /** Marks a folder as a cache, so that a later --cache may use it although it is not empty. */
  static final String MARKER = ".tftrain-cache";

  private final Path folder;
  private final String preprocessingKey;
  private final int bytesPerImage;
  private final Consumer<String> onWriteFailure;
  private final AtomicBoolean writable = new AtomicBoolean(true);

  private DecodedImageCache(Path folder, PreprocessingSpec spec, Consumer<String> onWriteFailure) {
    this.folder = folder;
    // A file over a lower --max-pixels must be refused, not read from an entry made under a higher one.
    // Entries hold floats in the machine's byte order, as tensors do: a folder shared with another kind of
    // machine then misses instead of reading swapped bytes.
    this.preprocessingKey = String.format(Locale.ROOT, "%d|%d|%d|%s|%s|%d|%s|%s", FORMAT, spec.resize(),
        spec.imageSize(), Arrays.toString(spec.normalization().mean()), Arrays.toString(spec.normalization().std()),
        spec.maxPixels(), TensorFlowRuntime.tensorFlowVersion(), ByteOrder.nativeOrder());
    this.bytesPerImage = spec.imageSize() * spec.imageSize() * 3 * Float.BYTES;
    this.onWriteFailure = onWriteFailure;
  }

  /**
   * Opens (creating it when missing) the cache folder for images preprocessed by {@code spec}.
   *
   * @param onWriteFailure told once, in words, when an entry cannot be written (disk full, read-only
   *     folder); the run goes on without writing more
   */
  public static DecodedImageCache open(Path folder, PreprocessingSpec spec, Consumer<String> onWriteFailure) {
    requireUsable(folder);
    try {
      Files.createDirectories(folder);
      if (!Files.exists(folder.resolve(MARKER))) {
        Files.writeString(folder.resolve(MARKER), "decoded images of tftrain train --cache; safe to delete\n");
      }
    } catch (IOException e) {
      throw new BadInputException("cannot create the cache folder " + folder + ": " + e.getMessage());
    }
    return new DecodedImageCache(folder, spec, onWriteFailure);
  }

  /**
   * Refuses a {@code --cache} path, before a run writes anything, that is a file or a folder holding other
   * things than a cache: its 256 entry folders would land among them (inside an image folder they would even
   * become classes).
   */
  public static void requireUsable(Path folder) {
    if (Files.exists(folder) && !Files.isDirectory(folder)) {
      throw new BadInputException("--cache " + folder + " is a file, not a folder");
    }
    if (Files.isDirectory(folder) && !Files.exists(folder.resolve(MARKER))) {
      try (var contents = Files.list(folder)) {
        if (contents.findAny().isPresent()) {
          throw new BadInputException("--cache " + folder + " holds other files and is no tftrain cache;"
              + " give a new or empty folder, or one an earlier --cache made");
        }
      } catch (IOException e) {
        throw new BadInputException("cannot read the cache folder " + folder + ": " + e.getMessage());
      }
    }
  }

  /** The pixels of one entry (without its checksum). */
  public long bytesPerImage() {
    return bytesPerImage;
  }

  /**
   * Reads {@code entry} (from {@link #entryFor}) into {@code into} at {@code offset} (S·S·3 floats in native
   * byte order, as a tensor holds them); false when there is no sound entry: never cached, unreadable, or not
   * matching its checksum (then {@code into} may hold part of it).
   */
  boolean read(Path entry, byte[] into, int offset) {
    if (entry == null) {
      return false;
    }
    ByteBuffer checksum = ByteBuffer.allocate(CHECKSUM_BYTES);
    try (FileChannel channel = FileChannel.open(entry, StandardOpenOption.READ)) {
      if (channel.size() != bytesPerImage + CHECKSUM_BYTES) {
        return false;
      }
      ByteBuffer pixels = ByteBuffer.wrap(into, offset, bytesPerImage);
      while (pixels.hasRemaining() || checksum.hasRemaining()) {
        if (channel.read(pixels.hasRemaining() ? pixels : checksum) < 0) {
          return false;
        }
      }
    } catch (IOException e) {
      // Missing, unreadable or interrupted: decode instead.
      return false;
    }
    return checksum.getInt(0) == checksumOf(into, offset);
  }

  /**
   * Stores pixels as {@code entry}: the S·S·3 floats (native byte order) in {@code from} at {@code offset}.
   * The entry must be the one taken before the file's bytes were read, so that a file changed meanwhile is
   * stored under its old identity, which it no longer has, never under its new one.
   */
  void write(Path entry, byte[] from, int offset) {
    if (entry == null || !writable.get()) {
      return;
    }
    byte[] checksum = ByteBuffer.allocate(CHECKSUM_BYTES).putInt(checksumOf(from, offset)).array();
    try {
      AtomicFiles.writeFile(entry, out -> {
        out.write(from, offset, bytesPerImage);
        out.write(checksum);
      });
    } catch (IOException e) {
      if (writable.compareAndSet(true, false)) {
        onWriteFailure.accept("cannot write to the cache folder " + folder + " (" + e.getClass().getSimpleName()
            + ": " + e.getMessage() + "); going on without caching more images");
      }
    }
  }

  private int checksumOf(byte[] pixels, int offset) {
    CRC32C crc = new CRC32C();
    crc.update(pixels, offset, bytesPerImage);
    return (int) crc.getValue();
  }

  /**
   * The entry's path for the file as it is now, or null when the file cannot be examined (the decoder then
   * reports it). Entries are spread over 256 subfolders so that no folder grows huge.
   */
  Path entryFor(Path file) {
    String identity;
    try {
      identity = identityOf(file);
    } catch (IOException e) {
      return null;
    }
    String key = preprocessingKey + "|" + file.toAbsolutePath().normalize() + "|" + identity;
    String hash = HexFormat.of().formatHex(sha256(key.getBytes(StandardCharsets.UTF_8)), 0, 16);
    return folder.resolve(hash.substring(0, 2)).resolve(hash + ".f32");
  }

  /**
   * Size, modification time, inode and change time: a rewrite changes at least the change time, which no
   * copy tool can set back (they can the modification time).
   */
  private static String identityOf(Path file) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    String identity = attributes.size() + "|" + attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS) + "|"
        + attributes.fileKey();
    try {
      return identity + "|" + ((FileTime) Files.getAttribute(file, "unix:ctime")).to(TimeUnit.NANOSECONDS);
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      return identity; // no change time on this file system: the rest must do
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
