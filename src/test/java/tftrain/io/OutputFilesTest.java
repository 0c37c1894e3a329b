package tftrain.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.BadInputException;

class OutputFilesTest {

  @TempDir Path temp;

  private String refusal(Path target, boolean overwrite, List<Path> inputs) {
    return assertThrows(BadInputException.class, () -> OutputFiles.checkWritable(target, "-o", overwrite, inputs))
        .getMessage();
  }

  @Test
  void existingFilesNeedOverwriteAndInputsAreNeverReplaced() throws Exception {
    Path image = Files.writeString(temp.resolve("photo.jpg"), "an image");
    Path report = Files.writeString(temp.resolve("report.json"), "{}");
    assertTrue(refusal(report, false, List.of()).contains("already exists; choose another file, or pass --overwrite"));
    OutputFiles.checkWritable(report, "-o", true, List.of(image));
    assertTrue(refusal(image, true, List.of(image)).contains("it is one of the inputs"));
    assertTrue(refusal(temp.resolve("./photo.jpg"), true, List.of(temp.resolve("photo.jpg")))
        .contains("one of the inputs"));
    OutputFiles.checkWritable(temp.resolve("new.json"), "-o", false, List.of(image));
  }

  @Test
  void emptyPathsFoldersAndFilesAsFoldersAreRefused() throws Exception {
    assertTrue(refusal(Path.of(""), true, List.of()).contains("-o is empty (an unset shell variable?)"));
    assertTrue(refusal(temp, true, List.of()).contains("is a folder; give a file name"));
    Path file = Files.writeString(temp.resolve("file"), "x");
    assertTrue(refusal(file.resolve("out.json"), true, List.of()).contains(file + " is a file, not a folder"));
  }

  @Test
  void aReadOnlyFolderIsNamedWithTheReason() throws Exception {
    Path locked = Files.createDirectories(temp.resolve("locked"));
    assertTrue(locked.toFile().setWritable(false));
    try {
      org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(locked),
          "running as root: permissions do not apply");
      assertTrue(refusal(locked.resolve("out.csv"), false, List.of()).contains("permission denied in " + locked));
    } finally {
      locked.toFile().setWritable(true);
    }
  }

  @Test
  void onlyARegularFileIsEverReplacedNeverAFifoOrALink() throws Exception {
    Path fifo = temp.resolve("pipe");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    assertTrue(refusal(fifo, true, List.of()).contains("-o " + fifo + " is a FIFO (named pipe), not a regular file"),
        refusal(fifo, true, List.of()));
    Path real = Files.writeString(temp.resolve("real.txt"), "mine");
    Path link = Files.createSymbolicLink(temp.resolve("link.txt"), real);
    assertTrue(refusal(link, true, List.of()).contains("is a symbolic link, not a regular file"),
        refusal(link, true, List.of()));
    Path device = Path.of("/dev/null");
    assertTrue(refusal(device, true, List.of()).contains("is a character device, not a regular file"));
    OutputFiles.checkWritable(real, "-o", true, List.of());
  }

  @Test
  void theLastMomentWriteRefusesToReplaceAFifoToo() throws Exception {
    Path fifo = temp.resolve("pipe");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    assertThrows(BadInputException.class, () -> AtomicFiles.writeString(fifo, "report"));
    assertTrue(!Files.isRegularFile(fifo, java.nio.file.LinkOption.NOFOLLOW_LINKS), "still a FIFO");
  }

  @Test
  void nothingIsWrittenOnOrInsideAnInputFolderEvenThroughALink() throws Exception {
    Path model = Files.createDirectories(temp.resolve("run/best"));
    Files.writeString(model.resolve("saved_model.pb"), "graph");
    String inside = refusal(model.resolve("saved_model.pb"), true, List.of(model));
    assertTrue(inside.contains("refusing to write -o " + model.resolve("saved_model.pb") + ": it is inside the input "
        + model), inside);
    assertTrue(refusal(model.resolve("new/report.csv"), false, List.of(model)).contains("inside the input"));
    Path alias = Files.createSymbolicLink(temp.resolve("alias"), temp.resolve("run"));
    assertTrue(refusal(alias.resolve("best/report.csv"), false, List.of(model)).contains("inside the input"));
    OutputFiles.checkWritable(temp.resolve("run/report.csv"), "-o", false, List.of(model));
  }
}
