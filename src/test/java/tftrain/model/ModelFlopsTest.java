package tftrain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ModelFlopsTest {

  @Test
  void alexNetAt224DoesTheWellKnown2point26GflopPerImageForward() {
    var layers = ModelSummary.of(new ModelSpec(2, 224, 0)).layers();
    // conv1 alone: 55·55 positions × 11·11·3·96 weights × 2.
    double conv1 = 2.0 * 55 * 55 * 11 * 11 * 3 * 96;
    assertEquals(2.0 * 55 * 55 * (34_944 - 96), conv1, 1);
    assertEquals(2.26e9, ModelFlops.forwardPerImage(layers), 0.01e9);
    assertEquals(3 * ModelFlops.forwardPerImage(layers), ModelFlops.trainingPerImage(layers), 1);
  }
}
