package tftrain.data.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.BadInputException;

class FolderOrganizerTest {

  @TempDir Path temp;

  private static FolderOrganizer organizer(TransferMode mode) {
    return new FolderOrganizer(FolderOrganizer.classPattern(null), mode, false);
  }

  private Path flatFolder(String... names) throws IOException {
    Path source = Files.createDirectories(temp.resolve("flat"));
    for (int index = 0; index < names.length; index++) {
      TinyImages.write(source.resolve(names[index]), index);
    }
    return source;
  }

  private static List<String> filesBelow(Path folder) throws IOException {
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(Files::isRegularFile).map(path -> folder.relativize(path).toString()).sorted().toList();
    }
  }

  @Test
  void takesTheClassFromThePrefixBeforeTheFirstSeparator() {
    FolderOrganizer organizer = organizer(TransferMode.COPY);

    assertEquals(Optional.of("cat"), organizer.classOf("cat.123.jpg"));
    assertEquals(Optional.of("dog"), organizer.classOf("dog_01.png"));
    assertEquals(Optional.of("Abyssinian"), organizer.classOf("Abyssinian-7.JPG"));
    assertEquals(Optional.of("great"), organizer.classOf("great_pyrenees_12.jpg"), "the first separator ends it");
    assertEquals(Optional.empty(), organizer.classOf("cat.jpg"), "the extension's dot is no separator");
    assertEquals(Optional.empty(), organizer.classOf("1.jpg"));
    assertEquals(Optional.empty(), organizer.classOf("_1.jpg"));
  }

  @Test
  void copiesImagesIntoClassFoldersAndCountsThem() throws IOException {
    Path source = flatFolder("cat.0.jpg", "cat.1.jpg", "dog_0.png", "dog-1.jpg", "bird.0.jpeg", "1.jpg");
    Files.writeString(source.resolve("README.txt"), "not an image");
    Files.writeString(source.resolve(".DS_Store"), "hidden");
    Files.createDirectories(source.resolve("subfolder"));
    TinyImages.write(source.resolve("subfolder/cat.9.jpg"), 9);
    Path output = temp.resolve("sorted");

    OrganizeResult result = organizer(TransferMode.COPY).organize(source, output);

    assertEquals(Map.of("bird", 1, "cat", 2, "dog", 2), result.classCounts());
    assertEquals(List.of("bird", "cat", "dog"), List.copyOf(result.classCounts().keySet()), "sorted by class");
    assertEquals(5, result.images());
    assertEquals(1, result.unmatchedImages());
    assertEquals(List.of("1.jpg"), result.unmatchedExamples());
    assertEquals(1, result.ignoredFiles());
    assertEquals(
        List.of("bird/bird.0.jpeg", "cat/cat.0.jpg", "cat/cat.1.jpg", "dog/dog-1.jpg", "dog/dog_0.png"),
        filesBelow(output));
    assertNotNull(ImageIO.read(output.resolve("dog/dog_0.png").toFile()), "the copy is a whole image");
    assertTrue(Files.exists(source.resolve("cat.0.jpg")), "copying leaves the source");
    assertEquals(Files.mismatch(source.resolve("cat.0.jpg"), output.resolve("cat/cat.0.jpg")), -1L);
  }

  @Test
  void movesWhenAsked() throws IOException {
    Path source = flatFolder("cat.0.jpg", "dog.0.jpg", "1.jpg");
    Path output = temp.resolve("sorted");

    OrganizeResult result = organizer(TransferMode.MOVE).organize(source, output);

    assertEquals(TransferMode.MOVE, result.mode());
    assertEquals(List.of("cat/cat.0.jpg", "dog/dog.0.jpg"), filesBelow(output));
    assertEquals(List.of("1.jpg"), filesBelow(source), "only the unmatched image stays");
  }

  @Test
  void sortsInPlaceWhenTheOutputIsTheSource() throws IOException {
    Path source = flatFolder("cat.0.jpg", "dog.0.jpg");

    organizer(TransferMode.MOVE).organize(source, source);

    assertEquals(List.of("cat/cat.0.jpg", "dog/dog.0.jpg"), filesBelow(source));
  }

  @Test
  void usesTheGroupOfAUserPattern() throws IOException {
    Path source = flatFolder("IMG_cat_001.jpg", "IMG_dog_002.jpg", "IMG_dog_003.jpg", "other.jpg");
    FolderOrganizer organizer =
        new FolderOrganizer(FolderOrganizer.classPattern("^IMG_([a-z]+)_\\d+"), TransferMode.COPY, false);

    OrganizeResult result = organizer.organize(source, temp.resolve("sorted"));

    assertEquals(Map.of("cat", 1, "dog", 2), result.classCounts());
    assertEquals(1, result.unmatchedImages());
  }

  @Test
  void rejectsPatternsWithoutExactlyOneGroup() {
    assertTrue(
        assertThrows(BadInputException.class, () -> FolderOrganizer.classPattern("^IMG_\\d+"))
            .getMessage()
            .contains("must have exactly one group (...) capturing the class name, it has 0"));
    assertTrue(
        assertThrows(BadInputException.class, () -> FolderOrganizer.classPattern("^(\\w+)_(\\d+)"))
            .getMessage()
            .contains("it has 2; write other groups as (?:...)"));
    assertTrue(
        assertThrows(BadInputException.class, () -> FolderOrganizer.classPattern("^(cat"))
            .getMessage()
            .startsWith("--pattern '^(cat' is not a valid regular expression"));
  }

  @Test
  void neverNamesAClassThatWouldBeHiddenOrEscape() throws IOException {
    FolderOrganizer organizer =
        new FolderOrganizer(FolderOrganizer.classPattern("^(.*)\\.jpg$"), TransferMode.COPY, false);

    assertEquals(Optional.empty(), organizer.classOf(".jpg"));
    assertEquals(Optional.empty(), organizer.classOf("..jpg"));
    assertEquals(Optional.empty(), organizer.classOf("a\\b.jpg"));
    assertEquals(Optional.of("a b"), organizer.classOf("a b.jpg"));
  }

  @Test
  void explainsAFolderWithoutImages() throws IOException {
    Path source = Files.createDirectories(temp.resolve("empty"));
    Files.writeString(source.resolve("notes.txt"), "x");

    BadInputException error =
        assertThrows(BadInputException.class, () -> organizer(TransferMode.COPY).organize(source, temp.resolve("o")));

    assertEquals("no images found in " + source + " (.bmp .gif .jpeg .jpg .png)", error.getMessage());
  }

  @Test
  void pointsAtSubfoldersWhenTheImagesAreOneLevelDown() throws IOException {
    Path unzipped = temp.resolve("raw");
    TinyImages.write(unzipped.resolve("train/cat.0.jpg"), 0);

    BadInputException error =
        assertThrows(BadInputException.class, () -> organizer(TransferMode.COPY).organize(unzipped, temp.resolve("o")));

    assertTrue(error.getMessage().contains("it has subfolders (train): point organize at the one"), error.getMessage());
  }

  @Test
  void refusesAMissingSourceAndNamesWithoutClasses() throws IOException {
    Path missing = temp.resolve("missing");
    assertEquals(
        "source folder not found: " + missing,
        assertThrows(BadInputException.class, () -> organizer(TransferMode.COPY).organize(missing, temp.resolve("o")))
            .getMessage());

    Path unlabelled = flatFolder("1.jpg", "2.jpg");
    BadInputException error =
        assertThrows(
            BadInputException.class, () -> organizer(TransferMode.COPY).organize(unlabelled, temp.resolve("o")));
    assertTrue(error.getMessage().startsWith("none of the 2 images in " + unlabelled + " has a class prefix"));
    assertFalse(Files.exists(temp.resolve("o")));
  }

  @Test
  void keepsExistingImagesUnlessOverwriteIsSet() throws IOException {
    Path source = flatFolder("cat.0.jpg", "cat.1.jpg");
    Path output = temp.resolve("sorted");
    Files.createDirectories(output.resolve("cat"));
    Files.writeString(output.resolve("cat/cat.0.jpg"), "older");

    BadInputException error =
        assertThrows(BadInputException.class, () -> organizer(TransferMode.MOVE).organize(source, output));

    assertEquals(
        output + " already has 1 of these images (cat/cat.0.jpg); nothing was moved; use --overwrite to replace them",
        error.getMessage());
    assertEquals(List.of("cat.0.jpg", "cat.1.jpg"), filesBelow(source));
    assertEquals("older", Files.readString(output.resolve("cat/cat.0.jpg")));

    OrganizeResult result =
        new FolderOrganizer(FolderOrganizer.classPattern(null), TransferMode.MOVE, true).organize(source, output);

    assertEquals(1, result.replacedFiles());
    assertEquals(List.of("cat/cat.0.jpg", "cat/cat.1.jpg"), filesBelow(output));
    assertNotNull(ImageIO.read(output.resolve("cat/cat.0.jpg").toFile()));
  }
}
