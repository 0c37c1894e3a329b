package tftrain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The package layering rules and their checker, kept apart from {@link LayeringTest} so that the checker
 * itself can be tested on made-up sources: every reference from one tftrain package to another (an import,
 * a static or wildcard import, a fully qualified name anywhere in the code) must be an edge the layering
 * table allows, and the helpers the main sources put into package {@code org.tensorflow} (a session on a
 * server's target needs package access) may be used from {@value #PINNED_USER} only.
 */
final class Layering {

  /** The package that alone may use the main sources' classes in {@value #FOREIGN}. */
  static final String PINNED_USER = "tftrain.distributed";
  /** The one package outside tftrain the main sources may declare; it may use no tftrain class. */
  static final String FOREIGN = "org.tensorflow";

  private static final Pattern TABLE_ROW = Pattern.compile("^\\| `(tftrain[a-z.]*)` \\|[^|]*\\| (.*) \\|$");
  private static final Pattern PACKAGE_NAME = Pattern.compile("`(tftrain[a-z.]*)`");
  private static final Pattern PACKAGE_DECLARATION = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;");
  /**
   * A class, or all classes ({@code *}), named through its tftrain package: the package is everything before
   * the first capitalised part. Not preceded by a dot or a name character, so {@code x.tftrain.y} is no match.
   */
  private static final Pattern REFERENCE =
      Pattern.compile("(?<![\\w$.])tftrain((?:\\.[a-z_][\\w$]*)*)\\.(?:[A-Z_$]|\\*)");
  /** Java allows white space and line breaks around the dots of a qualified name. */
  private static final Pattern SPACED_DOT = Pattern.compile("\\s*\\.\\s*");

  private final Map<String, Set<String>> allowed;
  private final Set<String> pinnedClasses;

  /**
   * @param allowed package → the packages it may use; a null set allows every package
   * @param pinnedClasses simple names of the main sources' classes in {@value #FOREIGN}
   */
  Layering(Map<String, Set<String>> allowed, Set<String> pinnedClasses) {
    this.allowed = allowed;
    this.pinnedClasses = pinnedClasses;
  }

  /** Package → the packages it may import, from the first layering table found in {@code documents}. */
  static Map<String, Set<String>> readTable(List<Path> documents) throws IOException {
    for (Path document : documents) {
      if (!Files.isRegularFile(document)) {
        continue;
      }
      Map<String, Set<String>> table = new LinkedHashMap<>();
      for (String line : Files.readAllLines(document)) {
        Matcher row = TABLE_ROW.matcher(line);
        if (row.matches()) {
          Set<String> targets = new TreeSet<>();
          Matcher name = PACKAGE_NAME.matcher(row.group(2));
          while (name.find()) {
            targets.add(name.group(1));
          }
          table.put(row.group(1), row.group(2).equals("every package") ? null : targets);
        }
      }
      if (!table.isEmpty()) {
        return table;
      }
    }
    return Map.of();
  }

  /** The README, then the documents under {@code docs/}: wherever the layering table lives. */
  static List<Path> documents() throws IOException {
    List<Path> documents = new ArrayList<>(List.of(Path.of("README.md")));
    if (Files.isDirectory(Path.of("docs"))) {
      try (Stream<Path> docs = Files.walk(Path.of("docs"))) {
        docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
      }
    }
    return documents;
  }

  /** Simple names of the classes the main sources declare in {@value #FOREIGN}. */
  static Set<String> foreignClasses(Path mainSources) throws IOException {
    Path folder = mainSources.resolve(FOREIGN.replace('.', '/'));
    Set<String> names = new TreeSet<>();
    if (Files.isDirectory(folder)) {
      try (Stream<Path> files = Files.list(folder)) {
        files.map(file -> file.getFileName().toString())
            .filter(name -> name.endsWith(".java"))
            .forEach(name -> names.add(name.substring(0, name.length() - ".java".length())));
      }
    }
    return names;
  }

  /** Every rule {@code source} (the text of {@code file}) breaks, one line each; empty if none. */
  List<String> violations(String file, String source) {
    List<String> violations = new ArrayList<>();
    String code = SPACED_DOT.matcher(JavaCode.withoutComments(source)).replaceAll(".");
    Matcher declaration = PACKAGE_DECLARATION.matcher(code);
    if (!declaration.find()) {
      return List.of(file + ": no package declaration");
    }
    String from = declaration.group(1);
    Matcher reference = REFERENCE.matcher(code);
    if (from.equals(FOREIGN)) {
      if (reference.find()) {
        violations.add(file + ": " + from + " may not use tftrain");
      }
      return violations;
    }
    if (!allowed.containsKey(from)) {
      return List.of(file + ": package " + from + " has no row in the layering table");
    }
    Set<String> may = allowed.get(from);
    while (reference.find()) {
      String to = "tftrain" + reference.group(1);
      if (!to.equals(from) && may != null && !may.contains(to)) {
        violations.add(file + ": " + from + " -> " + to);
      }
    }
    if (!from.equals(PINNED_USER)) {
      // By simple name, strings aside: that also covers a wildcard import of org.tensorflow.
      String names = JavaCode.withoutStrings(code);
      for (String pinned : pinnedClasses) {
        if (Pattern.compile("(?<![\\w$])" + Pattern.quote(pinned) + "(?![\\w$])").matcher(names).find()) {
          violations.add(
              file + ": " + from + " uses " + FOREIGN + "." + pinned + ", which only " + PINNED_USER + " may");
        }
      }
    }
    return violations.stream().distinct().toList();
  }
}
