package tftrain.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.BadInputException;

class ModelSourceTest {

  @TempDir Path temp;

  private Path savedModel(Path folder) throws Exception {
    Files.createDirectories(folder);
    Files.writeString(folder.resolve(ModelSource.SAVED_MODEL_FILE), "graph");
    return folder;
  }

  @Test
  void aFolderOfVersionsGivesItsHighestSavedModelByNumberNotByName() throws Exception {
    Path base = temp.resolve("alexnet");
    savedModel(base.resolve("2"));
    savedModel(base.resolve("10"));
    Files.createDirectories(base.resolve("11")); // a version still being written: no saved_model.pb yet
    savedModel(base.resolve("99-old")); // not a version number
    assertEquals(base.resolve("10"), ModelSource.servedVersionOf(base));
  }

  @Test
  void aSavedModelItselfAndOtherFoldersComeBackUnchanged() throws Exception {
    Path model = savedModel(temp.resolve("best"));
    savedModel(model.resolve("1")); // a version inside a SavedModel is not what the user named
    assertEquals(model, ModelSource.servedVersionOf(model));
    Path empty = Files.createDirectories(temp.resolve("empty"));
    assertEquals(empty, ModelSource.servedVersionOf(empty));
    Path missing = temp.resolve("missing");
    assertEquals(missing, ModelSource.servedVersionOf(missing));
  }

  @Test
  void aFolderWithoutASavedModelIsRefusedInWords() {
    BadInputException refused =
        assertThrows(BadInputException.class, () -> ModelSource.ofSavedModel(temp.resolve("nothing")));
    assertTrue(refused.getMessage().contains("has no saved_model.pb"), refused.getMessage());
  }
}
