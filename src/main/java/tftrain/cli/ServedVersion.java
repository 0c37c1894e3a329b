package tftrain.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import tftrain.serving.ModelSource;

/**
 * The {@code --model} folder {@code predict} and {@code export} read: the one the user named, or of a folder of
 * numbered exports its highest version ({@link ModelSource#servedVersionOf}), said in a note so the user knows which.
 */
final class ServedVersion {

  private ServedVersion() {}

  static Path of(Path named, PrintWriter err) {
    Path version = ModelSource.servedVersionOf(named);
    if (!version.equals(named)) {
      err.println("note: using " + version + ", the highest version in " + named);
    }
    return version;
  }
}
