package tftrain.serving;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import tftrain.BadInputException;
import tftrain.io.RealPaths;

/** Writes a lean serving SavedModel (inference graph and network weights only) from any {@link ModelSource}. */
public final class ModelExporter {

  private ModelExporter() {}

  /**
   * Exports {@code source} to {@code target} atomically. Refuses to write into the source itself, or over
   * anything but an earlier export (which needs {@code overwrite}; see {@link ExportFolder}).
   *
   * @return the entries of an earlier export that were replaced (empty when none)
   */
  public static List<String> export(ModelSource source, Path target, boolean overwrite) throws IOException {
    Path from = source.location().toAbsolutePath().normalize();
    Path to = target.toAbsolutePath().normalize();
    // Real paths: a link to the run must not let an export land on the run's own best/ or last/.
    if (RealPaths.isSameOrInside(to, from) || RealPaths.isSameOrInside(from, to)) {
      throw new BadInputException(
          "export target " + target + " must not be inside or around the model " + source.location());
    }
    List<String> replaced = ExportFolder.check(to, overwrite);
    try (InferenceGraph graph = new InferenceGraph(source.metadata(), 2, null)) {
      graph.restore(source.variablesPrefix());
      // Checked again just before the swap: a file put there meanwhile must not go with the old export.
      graph.export(to, source.metadata(), () -> ExportFolder.check(to, overwrite));
    }
    return replaced;
  }
}
