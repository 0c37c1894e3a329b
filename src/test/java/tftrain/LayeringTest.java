package tftrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package layering of the layering table (README's Layout section), enforced on the main sources by
 * {@link Layering}, and the checker itself tried on made-up sources, so that a hole in it shows as a failure.
 */
class LayeringTest {

  private static final Path MAIN = Path.of("src", "main", "java");

  @Test
  void everyCrossPackageReferenceIsAnEdgeTheTableAllows() throws IOException {
    Map<String, Set<String>> allowed = Layering.readTable(Layering.documents());
    assertTrue(allowed.size() >= 10, "the layering table was not found: " + allowed.keySet());
    Set<String> foreign = Layering.foreignClasses(MAIN);
    assertTrue(foreign.contains("TargetSessions"), "the org.tensorflow helpers were not found: " + foreign);
    Layering layering = new Layering(allowed, foreign);
    List<String> violations = new ArrayList<>();
    Set<String> packages = new TreeSet<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        violations.addAll(layering.violations(file.toString(), Files.readString(file)));
        String folder = MAIN.relativize(file.getParent()).toString().replace('/', '.');
        if (!folder.equals(Layering.FOREIGN)) {
          packages.add(folder);
        }
      }
    }
    assertEquals(List.of(), violations, "edges against the layering table");
    assertEquals(packages, new TreeSet<>(allowed.keySet()), "the table names exactly the main packages");
  }

  @Test
  void theTableHasNoCycles() throws IOException {
    Map<String, Set<String>> allowed = Layering.readTable(Layering.documents());
    List<String> order = new ArrayList<>(allowed.keySet());
    // Each row may only name rows above it: then no chain of imports can come back.
    for (int i = 0; i < order.size(); i++) {
      Set<String> may = allowed.get(order.get(i));
      if (may != null) {
        Set<String> above = Set.copyOf(order.subList(0, i));
        assertTrue(above.containsAll(may), order.get(i) + " may import only packages listed before it: " + may);
      }
    }
    assertNull(allowed.get(order.get(order.size() - 1)), "the last row, the CLI, may import everything");
  }

  // The checker on made-up sources: a small table where model sits below train, which sits below cli.

  private static Layering smallTable() {
    Map<String, Set<String>> allowed = new LinkedHashMap<>();
    allowed.put("tftrain.model", Set.of());
    allowed.put("tftrain.train", Set.of("tftrain.model"));
    allowed.put("tftrain.distributed", Set.of("tftrain.train"));
    allowed.put("tftrain.cli", null);
    return new Layering(allowed, Set.of("TargetSessions"));
  }

  private static List<String> check(String source) {
    return smallTable().violations("Made.java", source);
  }

  @Test
  void aWildcardImportAcrossLayersIsCaught() {
    assertEquals(List.of("Made.java: tftrain.model -> tftrain.cli"),
        check("package tftrain.model;\nimport tftrain.cli.*;\nclass Made {}\n"));
    assertEquals(List.of("Made.java: tftrain.model -> tftrain.train"),
        check("package tftrain.model;\nimport static tftrain.train.Trainer.*;\nclass Made {}\n"));
    assertEquals(List.of(), check("package tftrain.train;\nimport tftrain.model.*;\nclass Made {}\n"));
  }

  @Test
  void qualifiedNamesAreCaughtInEveryPosition() {
    String[] uses = {
      "  Object o = new tftrain.cli.Main();",
      "  java.util.List<tftrain.cli.Main> list;",
      "  @tftrain.cli.Marker void m() {}",
      "  Class<?> c = tftrain.cli.Main.class;",
      "  Runnable r = tftrain.cli.Main::run;",
      "  Object o = (tftrain.cli.Main) null;",
      "  Object o = tftrain\n      .cli\n      .Main.INSTANCE;",
      "  Object o = tftrain . cli . Main . INSTANCE;",
      "  void m() throws tftrain.cli.Failure {}",
    };
    for (String use : uses) {
      assertEquals(List.of("Made.java: tftrain.train -> tftrain.cli"),
          check("package tftrain.train;\nclass Made {\n" + use + "\n}\n"), use);
    }
  }

  @Test
  void slashesInsideAStringDoNotHideTheRestOfTheLine() {
    assertEquals(List.of("Made.java: tftrain.model -> tftrain.cli"),
        check("package tftrain.model;\nclass Made {\n  String t = \"grpc://\" + tftrain.cli.Main.HOST;\n}\n"));
    assertEquals(List.of("Made.java: tftrain.model -> tftrain.cli"),
        check("package tftrain.model;\nclass Made {\n"
            + "  String t = \"\\\"//\"; char q = '\"'; Object o = tftrain.cli.Main.X;\n}\n"));
  }

  @Test
  void commentsMayNameAnyClass() {
    assertEquals(List.of(), check("package tftrain.model;\n/** See {@link tftrain.cli.Main}. \"*/\nclass Made {\n"
        + "  int x; // tftrain.cli.Main \"\n  /* import tftrain.cli.*; */\n}\n"));
  }

  @Test
  void onlyTheDistributedPackageMayUseTheHelpersInOrgTensorflow() {
    String imported = "import org.tensorflow.TargetSessions;\nclass Made {}\n";
    assertEquals(
        List.of("Made.java: tftrain.train uses org.tensorflow.TargetSessions, which only tftrain.distributed may"),
        check("package tftrain.train;\n" + imported));
    assertEquals(
        List.of("Made.java: tftrain.cli uses org.tensorflow.TargetSessions, which only tftrain.distributed may"),
        check("package tftrain.cli;\nimport org.tensorflow.*;\n"
            + "class Made { Object s = TargetSessions.open(null, null, null); }\n"));
    assertEquals(
        List.of("Made.java: tftrain.model uses org.tensorflow.TargetSessions, which only tftrain.distributed may"),
        check("package tftrain.model;\nclass Made { Object s = org.tensorflow.TargetSessions.class; }\n"));
    assertEquals(List.of(), check("package tftrain.distributed;\n" + imported));
    assertEquals(List.of(), check("package tftrain.train;\nclass Made { String s = \"TargetSessions\"; }\n"));
  }

  @Test
  void theForeignPackageMayUseNoTftrainClassAndUnknownPackagesAreRefused() {
    assertEquals(List.of("Made.java: org.tensorflow may not use tftrain"),
        check("package org.tensorflow;\nimport tftrain.model.*;\nclass Made {}\n"));
    assertEquals(List.of("Made.java: package tftrain.extra has no row in the layering table"),
        check("package tftrain.extra;\nclass Made {}\n"));
  }
}
