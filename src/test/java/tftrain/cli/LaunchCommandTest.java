package tftrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The resume hint names the jar the run came from, as the user can type it. */
class LaunchCommandTest {

  @Test
  void aJarInsideTheWorkingFolderIsShownRelative() {
    assertEquals("java -jar target/tftrain.jar",
        LaunchCommand.of(Path.of("/home/me/tftrain/target/tftrain.jar"), Path.of("/home/me/tftrain")));
  }

  @Test
  void aJarElsewhereIsShownWithItsFullPath() {
    assertEquals("java -jar /app/tftrain.jar", LaunchCommand.of(Path.of("/app/tftrain.jar"), Path.of("/workspace")));
    assertEquals("java -jar '/opt/my tools/tftrain.jar'",
        LaunchCommand.of(Path.of("/opt/my tools/tftrain.jar"), Path.of("/home/me")));
  }

  @Test
  void codeOutsideAJarIsNamedByTheCommand() {
    assertEquals("tftrain", LaunchCommand.of(Path.of("/home/me/tftrain/target/classes"), Path.of("/home/me/tftrain")));
    assertEquals("tftrain", LaunchCommand.of(null, Path.of("/home/me")));
  }

  @Test
  void theRunningTestsAreNotInAJar() {
    assertEquals("tftrain", LaunchCommand.current());
  }
}
