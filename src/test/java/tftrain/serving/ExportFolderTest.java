package tftrain.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.BadInputException;

class ExportFolderTest {

  @TempDir Path temp;

  private Path earlierExport(Path folder) throws Exception {
    Files.createDirectories(folder.resolve("variables"));
    Files.writeString(folder.resolve("variables/variables.index"), "index");
    Files.writeString(folder.resolve(ModelSource.SAVED_MODEL_FILE), "graph");
    Files.createDirectories(folder.resolve(ModelMetadata.FOLDER));
    return folder;
  }

  @Test
  void aNewOrEmptyFolderReplacesNothing() throws Exception {
    assertEquals(List.of(), ExportFolder.check(temp.resolve("new"), false));
    assertEquals(List.of(), ExportFolder.check(Files.createDirectories(temp.resolve("empty")), false));
  }

  @Test
  void anEarlierExportNeedsOverwriteAndIsNamed() throws Exception {
    Path folder = earlierExport(temp.resolve("model"));
    String refused = assertThrows(BadInputException.class, () -> ExportFolder.check(folder, false)).getMessage();
    assertTrue(refused.contains("holds an earlier export") && refused.contains("--overwrite"), refused);
    assertEquals(List.of("assets.extra/", "saved_model.pb", "variables/"), ExportFolder.check(folder, true));
  }

  @Test
  void aFolderHoldingAnythingElseIsRefusedEvenWithOverwrite() throws Exception {
    Path home = earlierExport(temp.resolve("home"));
    Files.createDirectories(home.resolve(".ssh"));
    Files.writeString(home.resolve("notes.txt"), "mine");
    String refused = assertThrows(BadInputException.class, () -> ExportFolder.check(home, true)).getMessage();
    assertTrue(refused.contains(".ssh/, notes.txt") && refused.contains("not an earlier export")
        && refused.contains("choose a new or empty folder"), refused);
    Path file = Files.writeString(temp.resolve("file"), "x");
    assertTrue(assertThrows(BadInputException.class, () -> ExportFolder.check(file, true)).getMessage()
        .contains("is a file"));
  }
}
