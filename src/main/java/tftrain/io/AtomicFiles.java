package tftrain.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;

/**
 * Writes that either complete or leave the previous copy untouched: everything is written to a hidden
 * temporary sibling and renamed into place, so a kill at any moment never leaves a half-written file or
 * model under its final name.
 */
public final class AtomicFiles {

  /** Writes into a folder given to it; the folder is not yet visible under its final name. */
  @FunctionalInterface
  public interface DirectoryWriter {
    void write(Path temporaryDirectory) throws IOException;
  }

  /** Writes to a stream; the file is not yet visible under its final name. */
  @FunctionalInterface
  public interface StreamWriter {
    void write(OutputStream out) throws IOException;
  }

  /** The longest file name ext4, XFS, Btrfs and others allow, in bytes. */
  private static final int MAX_NAME_BYTES = 255;

  private AtomicFiles() {}

  /** A fresh hidden path beside {@code target}, on the same file system so that a rename is atomic. */
  public static Path temporarySibling(Path target) {
    return hiddenSibling(target, ".tmp-");
  }

  /**
   * ".name" + {@code kind} + a random id beside {@code target}, with the name cut so the whole stays within
   * 255 UTF-8 bytes, the limit of common file systems: a legal 255-byte name must not fail for its temporary.
   */
  private static Path hiddenSibling(Path target, String kind) {
    Path absolute = target.toAbsolutePath();
    String suffix = kind + UUID.randomUUID();
    String name = absolute.getFileName().toString();
    int budget = MAX_NAME_BYTES - 1 - suffix.length();
    while (name.getBytes(StandardCharsets.UTF_8).length > budget) {
      // Never split a surrogate pair: drop both halves of a last character outside the BMP.
      int last = Character.isLowSurrogate(name.charAt(name.length() - 1)) ? 2 : 1;
      name = name.substring(0, name.length() - last);
    }
    return absolute.resolveSibling("." + name + suffix);
  }

  /**
   * Writes a file through {@code writer}, then renames it over {@code target}, which must be a regular file
   * if it exists (never a device, FIFO or link, which the rename would replace).
   */
  public static void writeFile(Path target, StreamWriter writer) throws IOException {
    OutputFiles.requireRegularFile(target, "");
    Path parent = target.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temporary = temporarySibling(target);
    try {
      try (OutputStream out = Files.newOutputStream(temporary)) {
        writer.write(out);
      }
      OutputFiles.requireRegularFile(target, ""); // it may have been made meanwhile
      moveAtomically(temporary, target);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** Writes UTF-8 text to {@code target} atomically. */
  public static void writeString(Path target, String text) throws IOException {
    writeFile(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Builds a whole folder through {@code writer} in a temporary sibling, then swaps it in for
   * {@code target}. The old folder is renamed aside first and deleted only after the new one is in place,
   * so at every instant one complete copy exists under one of the two names.
   */
  public static void replaceDirectory(Path target, DirectoryWriter writer) throws IOException {
    Path absoluteTarget = target.toAbsolutePath();
    Files.createDirectories(absoluteTarget.getParent());
    Path temporary = temporarySibling(absoluteTarget);
    Path previous = hiddenSibling(absoluteTarget, ".old-");
    try {
      Files.createDirectories(temporary);
      writer.write(temporary);
      if (Files.exists(absoluteTarget)) {
        moveAtomically(absoluteTarget, previous);
      }
      moveAtomically(temporary, absoluteTarget);
    } catch (IOException | RuntimeException failure) {
      // The old folder was moved aside but the new one never arrived: put the old one back, so a failed
      // replace leaves what was there (a run's last good checkpoint) rather than nothing.
      if (!Files.exists(absoluteTarget, LinkOption.NOFOLLOW_LINKS)
          && Files.exists(previous, LinkOption.NOFOLLOW_LINKS)) {
        try {
          moveAtomically(previous, absoluteTarget);
        } catch (IOException restoreFailed) {
          failure.addSuppressed(restoreFailed);
        }
      }
      throw failure;
    } finally {
      deleteRecursively(temporary);
      deleteRecursively(previous);
    }
  }

  /** Deletes a file or folder tree if it exists. */
  public static void deleteRecursively(Path path) throws IOException {
    if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      FileUtils.deleteDirectory(path.toFile());
    } else {
      Files.deleteIfExists(path);
    }
  }

  /** Removes temporary leftovers (".name.tmp-…", ".name.old-…") that a killed process left in {@code folder}. */
  public static void cleanLeftovers(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return;
    }
    try (Stream<Path> children = Files.list(folder)) {
      for (Path child : children.sorted(Comparator.reverseOrder()).toList()) {
        if (isLeftoverName(child.getFileName().toString())) {
          deleteRecursively(child);
        }
      }
    }
  }

  /** True for the name of a temporary sibling this class makes (".name.tmp-…", ".name.old-…"). */
  public static boolean isLeftoverName(String name) {
    return name.startsWith(".") && (name.contains(".tmp-") || name.contains(".old-"));
  }

  private static void moveAtomically(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
