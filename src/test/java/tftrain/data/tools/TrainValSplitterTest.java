package tftrain.data.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.BadInputException;
import tftrain.data.ImageFolder;
import tftrain.data.TrainValSplit;

class TrainValSplitterTest {

  @TempDir Path temp;

  /** {@code temp/name/<class>/<class>.<i>.jpg} with {@code count} images per class. */
  private Path classTree(String name, int count, String... classes) throws IOException {
    Path root = temp.resolve(name);
    for (String className : classes) {
      for (int index = 0; index < count; index++) {
        TinyImages.write(root.resolve(className).resolve(className + "." + index + ".jpg"), index);
      }
    }
    return root;
  }

  private static List<String> filesBelow(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(Files::isRegularFile)
          .filter(path -> !path.getFileName().toString().equals(TrainValSplitter.MARKER))
          .map(path -> folder.relativize(path).toString()).sorted().toList();
    }
  }

  private static SplitResult split(Path source, Path output, double ratio, long seed, TransferMode mode)
      throws IOException {
    return new TrainValSplitter(new TrainValSplit(ratio, seed), mode, false).split(source, output);
  }

  @Test
  void splitsEachClassDisjointlyInProportion() throws IOException {
    Path source = classTree("all", 10, "cat", "dog");
    Path output = temp.resolve("split");

    SplitResult result = split(source, output, 0.3, 42, TransferMode.COPY);

    assertEquals(
        List.of(new SplitResult.ClassSplit("cat", 7, 3), new SplitResult.ClassSplit("dog", 7, 3)), result.classes());
    assertEquals(14, result.trainTotal());
    assertEquals(6, result.valTotal());
    for (String className : List.of("cat", "dog")) {
      List<String> train = filesBelow(output.resolve("train").resolve(className));
      List<String> val = filesBelow(output.resolve("val").resolve(className));
      Set<String> union = new HashSet<>(train);
      union.addAll(val);
      assertEquals(7, train.size());
      assertEquals(3, val.size());
      assertEquals(new HashSet<>(filesBelow(source.resolve(className))), union, "disjoint and complete");
    }
    assertEquals(20, filesBelow(source).size(), "copying leaves the source");
    assertEquals(List.of("cat", "dog"), ImageFolder.classNames(output.resolve("val")));
    assertEquals(List.of("split"), siblingsOf(output), "no temporary folder left beside it");
  }

  private List<String> siblingsOf(Path output) throws IOException {
    try (Stream<Path> listing = Files.list(output.getParent())) {
      return listing.map(path -> path.getFileName().toString()).filter(name -> !name.equals("all")).sorted().toList();
    }
  }

  @Test
  void theSameSeedGivesTheSameSplitAndAnotherSeedAnother() throws IOException {
    Path source = classTree("all", 20, "cat", "dog");

    split(source, temp.resolve("first"), 0.25, 7, TransferMode.COPY);
    split(source, temp.resolve("second"), 0.25, 7, TransferMode.COPY);
    split(source, temp.resolve("third"), 0.25, 8, TransferMode.COPY);

    assertEquals(filesBelow(temp.resolve("first/val")), filesBelow(temp.resolve("second/val")));
    assertNotEquals(filesBelow(temp.resolve("first/val")), filesBelow(temp.resolve("third/val")));
  }

  @Test
  void addingAClassLeavesTheOtherClassesSplitAlone() throws IOException {
    Path twoClasses = classTree("two", 12, "cat", "dog");
    Path threeClasses = classTree("three", 12, "bird", "cat", "dog");

    split(twoClasses, temp.resolve("a"), 0.25, 3, TransferMode.COPY);
    split(threeClasses, temp.resolve("b"), 0.25, 3, TransferMode.COPY);

    assertEquals(filesBelow(temp.resolve("a/val/cat")), filesBelow(temp.resolve("b/val/cat")));
    assertEquals(filesBelow(temp.resolve("a/val/dog")), filesBelow(temp.resolve("b/val/dog")));
  }

  @Test
  void keepsSubfoldersBelowAClass() throws IOException {
    Path source = temp.resolve("all");
    TinyImages.write(source.resolve("cat/indoor/cat.0.jpg"), 0);
    TinyImages.write(source.resolve("cat/outdoor/cat.1.jpg"), 1);

    split(source, temp.resolve("split"), 0.5, 1, TransferMode.COPY);

    List<String> all = new ArrayList<>(filesBelow(temp.resolve("split")));
    all.replaceAll(path -> path.replaceFirst("^(train|val)/", ""));
    assertEquals(Set.of("cat/indoor/cat.0.jpg", "cat/outdoor/cat.1.jpg"), new HashSet<>(all));
  }

  @Test
  void movesAndLinks() throws IOException {
    Path moved = classTree("moved", 5, "cat", "dog");
    Path linked = classTree("linked", 5, "cat", "dog");

    split(moved, temp.resolve("moved-split"), 0.2, 1, TransferMode.MOVE);
    split(linked, temp.resolve("linked-split"), 0.2, 1, TransferMode.LINK);

    assertEquals(List.of(), filesBelow(moved), "moving empties the source");
    assertEquals(10, filesBelow(temp.resolve("moved-split")).size());
    assertEquals(10, filesBelow(linked).size());
    String someVal = filesBelow(temp.resolve("linked-split/val/cat")).get(0);
    assertTrue(Files.isSameFile(linked.resolve("cat").resolve(someVal),
        temp.resolve("linked-split/val/cat").resolve(someVal)));
  }

  @Test
  void refusesANonEmptyOutputUnlessOverwritingAnEarlierSplit() throws IOException {
    Path source = classTree("all", 4, "cat", "dog");
    Path output = temp.resolve("split");
    split(source, output, 0.5, 1, TransferMode.COPY);

    BadInputException notEmpty =
        assertThrows(BadInputException.class, () -> split(source, output, 0.25, 1, TransferMode.COPY));
    assertEquals(
        "output folder " + output + " is not empty; choose a new folder, or use --overwrite to replace the split in it",
        notEmpty.getMessage());

    SplitResult replaced =
        new TrainValSplitter(new TrainValSplit(0.25, 1), TransferMode.COPY, true).split(source, output);
    assertTrue(replaced.replacedPrevious());
    assertEquals(2, filesBelow(output.resolve("val")).size(), "0.25 of 4 per class: the old 2-per-class split is gone");

    Files.writeString(output.resolve("thesis.tex"), "not a split");
    BadInputException foreign =
        assertThrows(
            BadInputException.class,
            () -> new TrainValSplitter(new TrainValSplit(0.25, 1), TransferMode.COPY, true).split(source, output));
    assertTrue(foreign.getMessage().contains("it holds thesis.tex besides train/ and val/"), foreign.getMessage());
    assertTrue(Files.exists(output.resolve("thesis.tex")));
  }

  @Test
  void overwritesAnEarlierSplitWhenMoving() throws IOException {
    Path output = temp.resolve("split");
    split(classTree("first", 4, "cat"), output, 0.5, 1, TransferMode.COPY);
    Path second = classTree("second", 4, "dog");

    new TrainValSplitter(new TrainValSplit(0.5, 1), TransferMode.MOVE, true).split(second, output);

    assertEquals(List.of("dog"), ImageFolder.classNames(output.resolve("train")));
    assertEquals(List.of(), filesBelow(second));
  }

  @Test
  void refusesOverlappingFolders() throws IOException {
    Path source = classTree("all", 4, "cat", "dog");

    BadInputException inside =
        assertThrows(BadInputException.class, () -> split(source, source.resolve("split"), 0.5, 1, TransferMode.COPY));
    assertTrue(inside.getMessage().contains("is inside the source folder"), inside.getMessage());

    BadInputException around =
        assertThrows(
            BadInputException.class,
            () -> new TrainValSplitter(new TrainValSplit(0.5, 1), TransferMode.COPY, true).split(source, temp));
    assertTrue(around.getMessage().contains("is inside the output folder"), around.getMessage());
    assertEquals(8, filesBelow(source).size());
  }

  @Test
  void explainsInputsThatCannotBeSplit() throws IOException {
    Path output = temp.resolve("split");
    Path single = classTree("single", 1, "cat");
    assertEquals(
        "class 'cat' in " + single + " has only 1 image; a train/val split needs at least 2 per class",
        assertThrows(BadInputException.class, () -> split(single, output, 0.5, 1, TransferMode.COPY)).getMessage());

    Path missing = temp.resolve("missing");
    assertEquals(
        "source folder not found: " + missing,
        assertThrows(BadInputException.class, () -> split(missing, output, 0.5, 1, TransferMode.COPY)).getMessage());

    Path flat = Files.createDirectories(temp.resolve("flat"));
    TinyImages.write(flat.resolve("cat.0.jpg"), 0);
    assertTrue(
        assertThrows(BadInputException.class, () -> split(flat, output, 0.5, 1, TransferMode.COPY))
            .getMessage()
            .contains("use 'tftrain data organize' to sort a flat folder"));

    assertEquals(
        "--val-ratio must be between 0 and 1 (exclusive), got 1.0",
        assertThrows(BadInputException.class, () -> TrainValSplit.requireShare("--val-ratio", 1.0))
            .getMessage());
    assertFalse(Files.exists(output));
  }

  @Test
  void anOverwriteNeverDeletesImagesThatLiveOnlyInTheEarlierSplit() throws IOException {
    Path source = classTree("all", 6, "cat", "dog");
    Path output = temp.resolve("split");
    split(source, output, 0.5, 1, TransferMode.MOVE);
    List<String> moved = filesBelow(output);
    assertEquals(12, moved.size());
    classTree("all", 3, "cat", "dog"); // new images (same names as three moved ones per class)
    Files.delete(source.resolve("cat/cat.0.jpg"));
    TinyImages.write(source.resolve("cat/cat.new.jpg"), 7);
    String refused = overwriteRefusal(source, output);
    assertTrue(refused.contains("refusing to --overwrite " + output + ": 7 of its 12 images exist nowhere in "
        + source), refused);
    assertEquals(moved, filesBelow(output), "the earlier split is untouched");
  }

  /** The one-line refusal of copying {@code source} over the earlier split in {@code output} with --overwrite. */
  private static String overwriteRefusal(Path source, Path output) {
    return assertThrows(BadInputException.class,
        () -> new TrainValSplitter(new TrainValSplit(0.5, 1), TransferMode.COPY, true).split(source, output))
        .getMessage();
  }

  /** A new photo that reuses a moved image's name is no copy of it: replacing the split would still lose it. */
  @Test
  void aNewImageThatOnlySharesANameIsNoCopy() throws IOException {
    Path source = classTree("all", 2, "cat", "dog");
    Path output = temp.resolve("split");
    split(source, output, 0.5, 1, TransferMode.MOVE);
    List<String> moved = filesBelow(output);
    for (String className : List.of("cat", "dog")) {
      for (int index = 0; index < 2; index++) {
        TinyImages.write(source.resolve(className).resolve(className + "." + index + ".jpg"), index + 50);
      }
    }
    String refused = overwriteRefusal(source, output);
    assertTrue(refused.contains("4 of its 4 images exist nowhere in " + source), refused);
    assertEquals(moved, filesBelow(output), "the earlier split is untouched");
  }
}
