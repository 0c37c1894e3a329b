package tftrain.data.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;
import tftrain.BadInputException;
import tftrain.data.ImageFiles;
import tftrain.data.ImageFolder;

/**
 * Sorts a flat folder of images into one folder per class, taking the class from each file name:
 * {@code cat.123.jpg} goes to {@code DIR/cat/cat.123.jpg}.
 *
 * <p>By default the class is the name's prefix up to the first {@code .}, {@code _} or {@code -}, and the
 * prefix must end before the extension: {@code cat.jpg} or {@code 1.jpg} has no class, because a folder of
 * unlabelled images (Kaggle's {@code test1/}) would otherwise become one class per image. Any other naming
 * scheme is a regular expression whose one group captures the class.
 */
public final class FolderOrganizer {

  /** The default rule as a pattern, so that the default and {@code --pattern} share one code path. */
  public static final String DEFAULT_PATTERN = "^([^._-]+)[._-].*\\.[^.]*$";

  private static final int UNMATCHED_EXAMPLES = 3;

  private final Pattern classPattern;
  private final TransferMode mode;
  private final boolean overwrite;

  /**
   * @param classPattern finds the class in a file name (group 1 of its first match); see {@link #classPattern}
   * @param mode copy or move
   * @param overwrite whether an image already in {@code DIR/<class>/} may be replaced
   */
  public FolderOrganizer(Pattern classPattern, TransferMode mode, boolean overwrite) {
    this.classPattern = classPattern;
    this.mode = mode;
    this.overwrite = overwrite;
  }

  /**
   * Compiles a user's class pattern, or the default one when {@code regex} is null.
   *
   * @throws BadInputException when the pattern does not compile or does not have exactly one group
   */
  public static Pattern classPattern(String regex) {
    if (regex == null) {
      return Pattern.compile(DEFAULT_PATTERN);
    }
    Pattern pattern;
    try {
      pattern = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new BadInputException(
          "--pattern '" + regex + "' is not a valid regular expression (" + e.getDescription() + ")", e);
    }
    int groups = pattern.matcher("").groupCount();
    if (groups != 1) {
      throw new BadInputException(
          "--pattern '" + regex + "' must have exactly one group (...) capturing the class name, it has " + groups
              + "; write other groups as (?:...)");
    }
    return pattern;
  }

  /** The class of an image named {@code fileName}, or empty when the name gives none. */
  public Optional<String> classOf(String fileName) {
    Matcher matcher = classPattern.matcher(fileName);
    if (!matcher.find()) {
      return Optional.empty();
    }
    String className = matcher.group(1);
    // A class folder must be one visible folder name, or ImageFolder would skip it or it would escape DIR.
    if (className == null
        || className.isBlank()
        || className.startsWith(".")
        || className.contains("/")
        || className.contains("\\")) {
      return Optional.empty();
    }
    return Optional.of(className);
  }

  /**
   * Sorts the images directly inside {@code source} into {@code outputDir/<class>/}.
   *
   * @throws BadInputException when the source is missing or holds no images, when no name gives a class, or
   *     when targets exist and {@code overwrite} is off; nothing is transferred in those cases
   */
  public OrganizeResult organize(Path source, Path outputDir) throws IOException {
    if (!Files.isDirectory(source)) {
      throw new BadInputException(
          Files.exists(source) ? source + " is not a folder; give the folder that holds the images"
              : "source folder not found: " + source);
    }
    if (Files.exists(outputDir) && !Files.isDirectory(outputDir)) {
      throw new BadInputException("output " + outputDir + " is a file, not a folder; choose another -o");
    }
    List<Path> children;
    try (Stream<Path> listing = Files.list(source)) {
      children = listing.sorted().toList();
    }
    List<Path> images = children.stream().filter(ImageFiles::isImage).toList();
    int ignoredFiles =
        (int) children.stream()
            .filter(child -> Files.isRegularFile(child) && !ImageFiles.isHidden(child))
            .filter(child -> !ImageFiles.isImage(child))
            .count();
    if (images.isEmpty()) {
      throw new BadInputException(noImagesMessage(source));
    }

    Map<String, List<Path>> imagesByClass = new TreeMap<>();
    List<String> unmatched = new ArrayList<>();
    for (Path image : images) {
      String fileName = image.getFileName().toString();
      classOf(fileName)
          .ifPresentOrElse(
              className -> imagesByClass.computeIfAbsent(className, key -> new ArrayList<>()).add(image),
              () -> unmatched.add(fileName));
    }
    if (imagesByClass.isEmpty()) {
      throw new BadInputException(
          "none of the " + images.size() + " images in " + source + " has a class prefix like 'cat.123.jpg' (e.g. '"
              + unmatched.get(0) + "'); use --pattern REGEX with one group that captures the class");
    }

    int replacedFiles = checkExisting(imagesByClass, outputDir);
    Map<String, Integer> classCounts = new LinkedHashMap<>();
    for (Map.Entry<String, List<Path>> entry : imagesByClass.entrySet()) {
      Path classDir = outputDir.resolve(entry.getKey());
      for (Path image : entry.getValue()) {
        mode.transfer(image, classDir.resolve(image.getFileName()));
      }
      classCounts.put(entry.getKey(), entry.getValue().size());
    }
    return new OrganizeResult(
        classCounts,
        unmatched.size(),
        unmatched.subList(0, Math.min(unmatched.size(), UNMATCHED_EXAMPLES)),
        ignoredFiles,
        replacedFiles,
        mode);
  }

  private static String noImagesMessage(Path source) {
    String extensions = "." + String.join(" .", ImageFiles.EXTENSIONS.stream().sorted().toList());
    String message = "no images found in " + source + " (" + extensions + ")";
    List<String> subfolders = ImageFolder.classNames(source);
    if (!subfolders.isEmpty()) {
      message +=
          "; it has subfolders (" + Examples.firstFew(subfolders) + "): point organize at the one that holds the"
              + " images, or if they are class folders already, go on with 'tftrain data split'";
    }
    return message;
  }

  /** Checks the targets before anything moves; returns how many will be replaced. */
  private int checkExisting(Map<String, List<Path>> imagesByClass, Path outputDir) {
    List<String> existing = new ArrayList<>();
    for (Map.Entry<String, List<Path>> entry : imagesByClass.entrySet()) {
      Path classDir = outputDir.resolve(entry.getKey());
      if (Files.exists(classDir) && !Files.isDirectory(classDir)) {
        throw new BadInputException(
            classDir + " is a file, but class '" + entry.getKey() + "' needs a folder there;"
                + " remove it or choose another -o");
      }
      for (Path image : entry.getValue()) {
        Path target = classDir.resolve(image.getFileName());
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
          throw new BadInputException(target + " is a folder, not an image; remove it or choose another -o");
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
          existing.add(entry.getKey() + "/" + image.getFileName());
        }
      }
    }
    if (!existing.isEmpty() && !overwrite) {
      throw new BadInputException(
          outputDir + " already has " + existing.size() + " of these images (" + Examples.firstFew(existing)
              + "); nothing was " + mode.pastTense() + "; use --overwrite to replace them");
    }
    return existing.size();
  }
}
