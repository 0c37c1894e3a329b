package tftrain.cli;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * How this tftrain was started, for hints that show a command to type (such as how to resume): {@code java
 * -jar JAR} with the jar the running code came from (relative to the working folder when inside it), so the
 * hint is right for target/tftrain.jar, a copied jar or a container's /app/tftrain.jar alike; plain
 * {@code tftrain} when the code does not run from a jar (an IDE, the tests).
 */
final class LaunchCommand {

  private LaunchCommand() {}

  /** The command that starts this tftrain, e.g. {@code java -jar target/tftrain.jar}. */
  static String current() {
    return of(codeLocation(), Path.of("").toAbsolutePath());
  }

  /** The command for code loaded from {@code code} (null: unknown), seen from {@code workingDir}. */
  static String of(Path code, Path workingDir) {
    if (code == null || code.getFileName() == null || !code.getFileName().toString().endsWith(".jar")) {
      return "tftrain";
    }
    Path jar = code.startsWith(workingDir) ? workingDir.relativize(code) : code;
    String shown = jar.toString();
    return "java -jar " + (shown.contains(" ") ? "'" + shown + "'" : shown);
  }

  private static Path codeLocation() {
    CodeSource source = LaunchCommand.class.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return null;
    }
    try {
      return Path.of(source.getLocation().toURI()).toAbsolutePath().normalize();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }
}
