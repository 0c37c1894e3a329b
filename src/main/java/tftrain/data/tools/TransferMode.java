package tftrain.data.tools;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import tftrain.BadInputException;
import tftrain.io.AtomicFiles;

/**
 * How a file gets from the source folder to its new place. Each mode makes the file appear under its new name
 * whole or not at all, so an interrupted run never leaves a truncated image behind, and a file is never
 * without a complete copy somewhere.
 */
public enum TransferMode {
  /** Copies the bytes; the source is untouched. */
  COPY("copied"),
  /** Renames the file; across file systems, copies it whole and only then deletes the source. */
  MOVE("moved"),
  /** Adds a hard link: no extra disk space, but both names share one file, edits included. */
  LINK("linked");

  private final String pastTense;

  TransferMode(String pastTense) {
    this.pastTense = pastTense;
  }

  /** "copied", "moved" or "linked", for summary lines. */
  public String pastTense() {
    return pastTense;
  }

  /**
   * Puts {@code source} at {@code target}, creating parent folders, replacing an existing target.
   *
   * @throws BadInputException for {@link #LINK} when the file system cannot link the two paths
   */
  public void transfer(Path source, Path target) throws IOException {
    switch (this) {
      case COPY -> copy(source, target);
      case MOVE -> move(source, target);
      case LINK -> link(source, target);
    }
  }

  private static void copy(Path source, Path target) throws IOException {
    AtomicFiles.writeFile(target, out -> Files.copy(source, out));
    Files.setLastModifiedTime(target, Files.getLastModifiedTime(source));
  }

  private static void move(Path source, Path target) throws IOException {
    Files.createDirectories(target.toAbsolutePath().getParent());
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      // Another file system: a plain move would copy in place and could leave half a file if killed.
      copy(source, target);
      Files.delete(source);
    }
  }

  private static void link(Path source, Path target) throws IOException {
    Files.createDirectories(target.toAbsolutePath().getParent());
    Path temporary = AtomicFiles.temporarySibling(target);
    try {
      try {
        Files.createLink(temporary, source);
      } catch (FileSystemException | UnsupportedOperationException e) {
        throw new BadInputException(
            "cannot hard-link " + source + " into " + target.getParent() + " (" + reason(e)
                + "); --link needs both folders on one file system; copy (the default) or --move instead",
            e);
      }
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static String reason(Exception e) {
    if (e instanceof FileSystemException fileSystemError && fileSystemError.getReason() != null) {
      return fileSystemError.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
