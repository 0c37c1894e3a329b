package tftrain.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Consumer;
import tftrain.BadInputException;
import tftrain.io.AtomicFiles;

/**
 * Network inputs of image files kept on disk ({@code train --cache DIR}), so that epochs after the first
 * read a file's pixels instead of decoding it again: what makes multi-epoch runs on phone photos fast,
 * where decoding a 12 MP JPEG costs more CPU than training on it.
 *
 * <p>An entry is the preprocessed image exactly as the network receives it (S×S×3 float32, before the
 * per-step flip), so a run trains on the same numbers with the cache as without it. It costs S·S·12 bytes
 * per image: 588 KiB at 224. Entries are named by a hash of the file's absolute path, size and modification
 * time and of the preprocessing, so an edited file or another {@code --resize} misses instead of reading
 * stale pixels. Entries are written atomically (temporary file, then rename): runs can share a folder and a
 * kill never leaves a torn entry. Nothing is ever deleted; the folder may be removed at any time.
 */
public final class DecodedImageCache {

  /** Part of every key: changes whenever preprocessing could give other pixels for the same file. */
  static final int FORMAT = 1;

  private final Path folder;
  private final String preprocessingKey;
  private final int bytesPerImage;
  private final Consumer<String> onWriteFailure;
  private volatile boolean writable = true;

  private DecodedImageCache(Path folder, PreprocessingSpec spec, Consumer<String> onWriteFailure) {
    this.folder = folder;
    // Entries hold floats in the machine's byte order, as tensors do: a folder shared with another kind of
    // machine then misses instead of reading swapped bytes.
    this.preprocessingKey = String.format(Locale.ROOT, "%d|%d|%d|%s|%s|%s", FORMAT, spec.resize(), spec.imageSize(),
        Arrays.toString(spec.normalization().mean()), Arrays.toString(spec.normalization().std()),
        ByteOrder.nativeOrder());
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
    requireFolderOrNothing(folder);
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new BadInputException("cannot create the cache folder " + folder + ": " + e.getMessage());
    }
    return new DecodedImageCache(folder, spec, onWriteFailure);
  }

  /** Refuses a {@code --cache} path that is a file, before a run writes anything. */
  public static void requireFolderOrNothing(Path folder) {
    if (Files.exists(folder) && !Files.isDirectory(folder)) {
      throw new BadInputException("--cache " + folder + " is a file, not a folder");
    }
  }

  /** The size of one entry on disk. */
  public long bytesPerImage() {
    return bytesPerImage;
  }

  /**
   * Reads the file's entry into {@code into} at {@code offset} (S·S·3 floats in native byte order, as a
   * tensor holds them); false when it has no complete entry: never cached, changed since, or unreadable.
   */
  boolean read(Path file, byte[] into, int offset) {
    Path entry = entryFor(file);
    if (entry == null) {
      return false;
    }
    try (FileChannel channel = FileChannel.open(entry, StandardOpenOption.READ)) {
      if (channel.size() != bytesPerImage) {
        return false;
      }
      ByteBuffer window = ByteBuffer.wrap(into, offset, bytesPerImage);
      while (window.hasRemaining()) {
        if (channel.read(window) < 0) {
          return false;
        }
      }
      return true;
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  /** Stores the file's pixels: the S·S·3 floats (native byte order) in {@code from} at {@code offset}. */
  void write(Path file, byte[] from, int offset) {
    if (!writable) {
      return;
    }
    Path entry = entryFor(file);
    if (entry == null) {
      return;
    }
    try {
      AtomicFiles.writeFile(entry, out -> out.write(from, offset, bytesPerImage));
    } catch (IOException e) {
      if (writable) {
        writable = false;
        onWriteFailure.accept("cannot write to the cache folder " + folder + " (" + e.getMessage()
            + "); going on without caching more images");
      }
    }
  }

  /**
   * The entry's path for the file as it is now, or null when the file cannot be examined (the decoder then
   * reports it). Entries are spread over 256 subfolders so that no folder grows huge.
   */
  private Path entryFor(Path file) {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      return null;
    }
    String key = preprocessingKey + "|" + file.toAbsolutePath().normalize() + "|" + attributes.size() + "|"
        + attributes.lastModifiedTime().toMillis();
    String hash = HexFormat.of().formatHex(sha256(key.getBytes(StandardCharsets.UTF_8)), 0, 16);
    return folder.resolve(hash.substring(0, 2)).resolve(hash + ".f32");
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
