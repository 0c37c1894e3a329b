package tftrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package layering of the README's Layout section, enforced: every reference from one tftrain package
 * to another in the main sources (imports, static imports and any fully qualified name) must be an edge the
 * README's table allows.
 */
class LayeringTest {

  private static final Path README = Path.of("README.md");
  private static final Path MAIN = Path.of("src", "main", "java");
  private static final Pattern TABLE_ROW = Pattern.compile("^\\| `(tftrain[a-z.]*)` \\|[^|]*\\| (.*) \\|$");
  private static final Pattern PACKAGE_NAME = Pattern.compile("`(tftrain[a-z.]*)`");
  /** A class named through its package: the package is everything before the first capitalised part. */
  private static final Pattern REFERENCE = Pattern.compile("\\btftrain((?:\\.[a-z]\\w*)*)\\.[A-Z]");
  /** Packages of the main sources outside tftrain (TF Java helpers that need package access); they import no tftrain. */
  private static final Set<String> FOREIGN = Set.of("org.tensorflow");

  /** Package → the packages it may import, from the README. "every package" allows all. */
  static Map<String, Set<String>> allowedImports() throws IOException {
    Map<String, Set<String>> allowed = new LinkedHashMap<>();
    String layout = Files.readString(README).split("## Layout", 2)[1].split("\n## ", 2)[0];
    for (String line : layout.lines().toList()) {
      Matcher row = TABLE_ROW.matcher(line);
      if (row.matches()) {
        Set<String> targets = new TreeSet<>();
        Matcher name = PACKAGE_NAME.matcher(row.group(2));
        while (name.find()) {
          targets.add(name.group(1));
        }
        allowed.put(row.group(1), row.group(2).equals("every package") ? null : targets);
      }
    }
    return allowed;
  }

  @Test
  void everyCrossPackageReferenceIsAnEdgeTheReadmeAllows() throws IOException {
    Map<String, Set<String>> allowed = allowedImports();
    assertTrue(allowed.size() >= 10, "the README's layering table was not found: " + allowed.keySet());
    List<String> violations = new ArrayList<>();
    Set<String> packages = new TreeSet<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        String from = packageOf(file);
        if (FOREIGN.contains(from)) {
          if (REFERENCE.matcher(withoutComments(Files.readString(file))).find()) {
            violations.add(file + ": " + from + " may not use tftrain");
          }
          continue;
        }
        packages.add(from);
        if (!allowed.containsKey(from)) {
          violations.add(file + ": package " + from + " has no row in the README's layering table");
          continue;
        }
        Set<String> may = allowed.get(from);
        String code = withoutComments(Files.readString(file));
        Matcher reference = REFERENCE.matcher(code);
        while (reference.find()) {
          String to = "tftrain" + reference.group(1);
          if (!to.equals(from) && may != null && !may.contains(to)) {
            violations.add(file + ": " + from + " -> " + to);
          }
        }
      }
    }
    assertEquals(List.of(), violations.stream().distinct().toList(), "edges against the README's layering");
    assertEquals(packages, new TreeSet<>(allowed.keySet()), "the table names exactly the main packages");
  }

  @Test
  void theTableHasNoCycles() throws IOException {
    Map<String, Set<String>> allowed = allowedImports();
    List<String> order = new ArrayList<>(allowed.keySet());
    // Each row may only name rows above it: then no chain of imports can come back.
    for (int i = 0; i < order.size(); i++) {
      Set<String> may = allowed.get(order.get(i));
      if (may != null) {
        Set<String> above = Set.copyOf(order.subList(0, i));
        assertTrue(above.containsAll(may), order.get(i) + " may import only packages listed before it: " + may);
      }
    }
    assertEquals(null, allowed.get(order.get(order.size() - 1)), "the last row, the CLI, may import everything");
  }

  private static String packageOf(Path file) throws IOException {
    Matcher declaration = Pattern.compile("(?m)^package ([\\w.]+);").matcher(Files.readString(file));
    assertTrue(declaration.find(), file + " has no package declaration");
    return declaration.group(1);
  }

  /** Comments may name any class ({@code {@link}}, prose): only code counts. */
  private static String withoutComments(String code) {
    return Arrays.stream(code.replaceAll("(?s)/\\*.*?\\*/", "").split("\n"))
        .map(line -> line.replaceAll("//.*", ""))
        .collect(Collectors.joining("\n"));
  }
}
