package tftrain.serving;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import tftrain.BadInputException;

/** Writes a lean serving SavedModel (inference graph and network weights only) from any {@link ModelSource}. */
public final class ModelExporter {

  private ModelExporter() {}

  /**
   * Exports {@code source} to {@code target} atomically. Refuses to write into the source itself, or over
   * a non-empty folder unless {@code overwrite}.
   */
  public static void export(ModelSource source, Path target, boolean overwrite) throws IOException {
    Path from = source.location().toAbsolutePath().normalize();
    Path to = target.toAbsolutePath().normalize();
    if (to.startsWith(from) || from.startsWith(to)) {
      throw new BadInputException("export target " + target + " must not be inside or around the model " + source.location());
    }
    if (Files.isDirectory(to) && !overwrite) {
      try (Stream<Path> children = Files.list(to)) {
        if (children.findAny().isPresent()) {
          throw new BadInputException(target + " exists and is not empty; choose another folder or pass --overwrite");
        }
      }
    }
    if (Files.exists(to) && !Files.isDirectory(to)) {
      throw new BadInputException(target + " is a file; give a folder");
    }
    try (InferenceGraph graph = new InferenceGraph(source.metadata(), 2, null)) {
      graph.restore(source.variablesPrefix());
      graph.export(to, source.metadata());
    }
  }
}
