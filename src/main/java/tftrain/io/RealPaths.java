package tftrain.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/** Where a path really is, for comparing an output with the inputs it must stay out of. */
public final class RealPaths {

  private RealPaths() {}

  /**
   * The real path of the nearest existing ancestor (links resolved), with the missing rest appended, so a
   * folder about to be created compares like the existing folder it will sit in.
   */
  public static Path ofPossiblyMissing(Path path) {
    Path existing = path.toAbsolutePath().normalize();
    Deque<Path> missing = new ArrayDeque<>();
    while (existing.getParent() != null && !Files.exists(existing)) {
      missing.push(existing.getFileName());
      existing = existing.getParent();
    }
    Path real;
    try {
      real = existing.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    while (!missing.isEmpty()) {
      real = real.resolve(missing.pop());
    }
    return real;
  }

  /** True when {@code inner} is {@code outer} or lies inside it, by real paths. */
  public static boolean isSameOrInside(Path inner, Path outer) {
    return ofPossiblyMissing(inner).startsWith(ofPossiblyMissing(outer));
  }
}
