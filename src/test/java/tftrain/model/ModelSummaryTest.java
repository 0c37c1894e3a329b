package tftrain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ModelSummaryTest {

  @Test
  void builtGraphMatchesTheCommittedGolden() throws Exception {
    ModelSpec spec = new ModelSpec(2, 224, 0);
    Path golden = Path.of("graphs", ModelSummary.graphFileName(spec));
    assertEquals(
        Files.readString(golden),
        ModelSummary.of(spec).graphDefText(),
        "AlexNet's graph changed. If that was intended, regenerate the golden with "
            + "'java -jar target/tftrain.jar summary' and commit " + golden);
  }

  @Test
  void summaryCountsEveryParameter() {
    ModelSummary summary = ModelSummary.of(new ModelSpec(2, 224, 0));
    assertEquals(58_289_538L, summary.parameterCount());
    assertEquals(12, summary.layers().size());
  }
}
