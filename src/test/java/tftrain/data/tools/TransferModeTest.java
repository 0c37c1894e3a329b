package tftrain.data.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransferModeTest {

  @TempDir Path temp;

  private Path source() throws IOException {
    return TinyImages.write(temp.resolve("src/cat.0.jpg"), 1);
  }

  private static List<String> namesIn(Path folder) throws IOException {
    try (Stream<Path> listing = Files.list(folder)) {
      return listing.map(path -> path.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void copyWritesAWholeCopyAndKeepsTheSource() throws IOException {
    Path source = source();
    Path target = temp.resolve("out/cat/cat.0.jpg");

    TransferMode.COPY.transfer(source, target);

    assertEquals(-1L, Files.mismatch(source, target));
    assertEquals(Files.getLastModifiedTime(source), Files.getLastModifiedTime(target));
    assertEquals(List.of("cat.0.jpg"), namesIn(target.getParent()), "no temporary left beside it");
  }

  @Test
  void moveRenamesAndReplaces() throws IOException {
    Path source = source();
    byte[] content = Files.readAllBytes(source);
    Path target = temp.resolve("out/cat.0.jpg");
    Files.createDirectories(target.getParent());
    Files.writeString(target, "older");

    TransferMode.MOVE.transfer(source, target);

    assertFalse(Files.exists(source));
    assertEquals(-1L, Arrays.mismatch(content, Files.readAllBytes(target)));
  }

  @Test
  void linkSharesTheFile() throws IOException {
    Path source = source();
    Path target = temp.resolve("out/cat/cat.0.jpg");

    TransferMode.LINK.transfer(source, target);

    assertTrue(Files.isSameFile(source, target));
    assertEquals(2, Files.getAttribute(target, "unix:nlink"));
    assertEquals(List.of("cat.0.jpg"), namesIn(target.getParent()));
  }
}
