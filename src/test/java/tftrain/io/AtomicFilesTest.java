package tftrain.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @TempDir Path temp;

  @Test
  void aReplacementThatNeverArrivesLeavesTheOldFolderInPlace() throws Exception {
    Path target = Files.createDirectories(temp.resolve("checkpoint"));
    Files.writeString(target.resolve("state.json"), "epoch 3");
    // The new folder vanishes between being written and being moved in (as a failed rename would leave it).
    assertThrows(IOException.class, () -> AtomicFiles.replaceDirectory(target, Files::delete));
    assertEquals("epoch 3", Files.readString(target.resolve("state.json")), "the last good folder is back");
    try (var left = Files.list(temp)) {
      assertEquals(List.of("checkpoint"), left.map(p -> p.getFileName().toString()).toList(), "no leftovers");
    }
  }

  @Test
  void aReplacementMovesTheNewFolderIn() throws Exception {
    Path target = Files.createDirectories(temp.resolve("checkpoint"));
    Files.writeString(target.resolve("state.json"), "epoch 3");
    AtomicFiles.replaceDirectory(target, folder -> Files.writeString(folder.resolve("state.json"), "epoch 4"));
    assertEquals("epoch 4", Files.readString(target.resolve("state.json")));
  }
}
