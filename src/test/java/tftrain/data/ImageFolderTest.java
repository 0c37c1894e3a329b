package tftrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.BadInputException;
import tftrain.testing.TestImages;

class ImageFolderTest {

  private static void image(Path file, String format) {
    TestImages.write(TestImages.image(0, 8, 8, new Random(1)), file, format);
  }

  @Test
  void sortedFoldersAreLabelsAndOnlyVisibleImagesCount(@TempDir Path root) throws Exception {
    image(root.resolve("dog/a.JPG"), "jpg");
    image(root.resolve("dog/nested/b.png"), "png");
    image(root.resolve("cat/c.jpeg"), "jpg");
    image(root.resolve("cat/d.Bmp"), "bmp");
    image(root.resolve("cat/e.gif"), "gif");
    image(root.resolve("cat/.hidden.jpg"), "jpg");
    image(root.resolve("cat/.ipynb_checkpoints/f.jpg"), "jpg");
    image(root.resolve(".git/g.jpg"), "jpg");
    Files.writeString(root.resolve("cat/notes.txt"), "not an image");
    Files.writeString(root.resolve("readme.md"), "top-level file, not a class");

    ImageFolder folder = ImageFolder.scan(root);
    assertEquals(List.of("cat", "dog"), folder.classes());
    assertArrayEquals(new int[] {3, 2}, folder.countPerClass());
    assertTrue(folder.samples().stream().noneMatch(s -> s.path().toString().contains("hidden")
        || s.path().toString().contains("ipynb")));
    assertEquals(root.resolve("dog/a.JPG"), folder.samples().get(3).path());
    assertEquals(1, folder.samples().get(3).label());
  }

  @Test
  void emptyClassesAndMissingLayoutsAreNamed(@TempDir Path root) throws Exception {
    assertThrows(BadInputException.class, () -> ImageFolder.scan(root.resolve("missing")));
    BadInputException flat = assertThrows(BadInputException.class, () -> ImageFolder.scan(root));
    assertTrue(flat.getMessage().contains("tftrain data organize"), flat.getMessage());
    image(root.resolve("cat/a.jpg"), "jpg");
    Files.createDirectories(root.resolve("dog"));
    Files.writeString(root.resolve("dog/a.txt"), "x");
    BadInputException empty = assertThrows(BadInputException.class, () -> ImageFolder.scan(root));
    assertTrue(empty.getMessage().startsWith("class 'dog' in "), empty.getMessage());
  }

  @Test
  void symlinkedClassFoldersAreFollowedAndLoopsNamed(@TempDir Path temp) throws Exception {
    Path elsewhere = tftrain.testing.TestImages.imageFolder(temp.resolve("elsewhere"), 2, 2, 40, 1);
    Path root = java.nio.file.Files.createDirectories(temp.resolve("root"));
    java.nio.file.Files.createSymbolicLink(root.resolve("blue"), elsewhere.resolve("blue"));
    java.nio.file.Files.createSymbolicLink(root.resolve("red"), elsewhere.resolve("red"));
    ImageFolder folder = ImageFolder.scan(root);
    org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {2, 2}, folder.countPerClass());

    java.nio.file.Files.createSymbolicLink(elsewhere.resolve("red/loop"), elsewhere.resolve("red"));
    tftrain.BadInputException loop =
        org.junit.jupiter.api.Assertions.assertThrows(tftrain.BadInputException.class, () -> ImageFolder.scan(root));
    org.junit.jupiter.api.Assertions.assertTrue(loop.getMessage().startsWith("symbolic links form a loop at "),
        loop.getMessage());
  }

  @Test
  void aFifoOrANameJavaCannotSpellIsNotReportedAsMissing(@org.junit.jupiter.api.io.TempDir Path temp) throws Exception {
    Path fifo = temp.resolve("images");
    org.junit.jupiter.api.Assertions.assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    String message = org.junit.jupiter.api.Assertions.assertThrows(tftrain.BadInputException.class,
        () -> ImageFolder.scan(fifo)).getMessage();
    org.junit.jupiter.api.Assertions.assertEquals(fifo + " is a FIFO (named pipe), not a folder", message);
    // What the JVM makes of a Latin-1 "café" argument under a UTF-8 locale.
    Path mangled = temp.resolve("caf\uFFFD");
    String unspelled = org.junit.jupiter.api.Assertions.assertThrows(tftrain.BadInputException.class,
        () -> ImageFolder.scan(mangled)).getMessage();
    org.junit.jupiter.api.Assertions.assertTrue(unspelled.contains("its name has bytes that are not"), unspelled);
  }
}
