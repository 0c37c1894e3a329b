package tftrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps every line of Java source at most {@link #MAX_COLUMNS} characters, so a diff or a review reads side by side
 * without wrapping (docs/development.md). Characters, not bytes: {@code ×} counts as one.
 */
class LineLengthTest {

  static final int MAX_COLUMNS = 120;

  @Test
  void everyJavaLineFitsInTheColumns() throws IOException {
    List<String> tooLong = new ArrayList<>();
    int files = 0;
    for (Path root : List.of(Path.of("src/main/java"), Path.of("src/test/java"))) {
      try (Stream<Path> paths = Files.walk(root)) {
        for (Path file : paths.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
          files++;
          tooLong.addAll(linesOver(file, Files.readAllLines(file, StandardCharsets.UTF_8)));
        }
      }
    }
    assertTrue(files > 100, "the sources were not found from " + Path.of("").toAbsolutePath());
    assertEquals(List.of(), tooLong, "lines over " + MAX_COLUMNS + " characters");
  }

  @Test
  void countsCharactersNotBytes() {
    String atTheLimit = "×".repeat(MAX_COLUMNS);
    assertEquals(List.of(), linesOver(Path.of("Made.java"), List.of(atTheLimit)));
    assertEquals(List.of("Made.java:2 (121)"), linesOver(Path.of("Made.java"), List.of("", atTheLimit + "x")));
  }

  private static List<String> linesOver(Path file, List<String> lines) {
    List<String> over = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      int columns = lines.get(i).codePointCount(0, lines.get(i).length());
      if (columns > MAX_COLUMNS) {
        over.add(file + ":" + (i + 1) + " (" + columns + ")");
      }
    }
    return over;
  }
}
