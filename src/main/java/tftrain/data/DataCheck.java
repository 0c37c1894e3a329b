package tftrain.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.tensorflow.proto.ConfigProto;

/**
 * What {@code tftrain data check} finds in an ImageFolder before a long run: classes and counts per split,
 * files that are unreadable, corrupt or over the pixel limit, identical files (by SHA-256 of the content),
 * above all the same image in train and val, and whether training would fail at all.
 *
 * <p>Files are checked from their headers ({@link ImageHeader}); with {@code decode} every file is also
 * decoded by the training pipeline itself, which finds damage past the header.
 */
public final class DataCheck {

  /** One split (train, val, or the one tree) with its classes and file counts. */
  public record Split(String name, Path root, Map<String, Integer> imagesPerClass) {}

  /** A file that training would skip, and why. */
  public record Problem(Path path, String reason) {}

  /**
   * The findings.
   *
   * @param duplicates groups of identical files (two or more paths each)
   * @param leaks the duplicate groups that have files in both train and val
   * @param failures why training would fail; empty when it would start
   * @param turnedByExif JPEGs whose EXIF orientation asks for a turn or mirror that the decoders do not apply
   */
  public record Report(List<Split> splits, List<Problem> badFiles, List<List<Path>> duplicates,
      List<List<Path>> leaks, List<String> failures, boolean decoded, List<Path> turnedByExif) {

    public int images() {
      return splits.stream()
          .mapToInt(split -> split.imagesPerClass().values().stream().mapToInt(Integer::intValue).sum())
          .sum();
    }
  }

  /** The default preprocessing (resized to 256, cropped to 224): any size decodes the same files. */
  private static final PreprocessingSpec CHECK_SPEC = PreprocessingSpec.forImageSize(224, Normalization.HALF);

  private DataCheck() {}

  /** Checks {@code folder}: its train/ and val/ when it has both, else it as one class-folder tree. */
  public static Report run(Path folder, long maxPixels, boolean decode, ConfigProto decodeConfig) throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new tftrain.BadInputException(tftrain.FileErrors.notFound("folder", folder, "a folder"));
    }
    Map<String, Path> roots = new LinkedHashMap<>();
    if (Files.isDirectory(folder.resolve("train")) && Files.isDirectory(folder.resolve("val"))) {
      roots.put("train", folder.resolve("train"));
      roots.put("val", folder.resolve("val"));
    } else {
      roots.put("all", folder);
    }
    List<Split> splits = new ArrayList<>();
    List<Problem> bad = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    Map<String, List<Path>> byHash = new TreeMap<>();
    Map<Path, String> splitOf = new LinkedHashMap<>();
    List<ImageSample> decodable = new ArrayList<>();
    List<Path> turnedByExif = new ArrayList<>();
    Map<Path, ClassOf> classOf = new LinkedHashMap<>();
    for (Map.Entry<String, Path> entry : roots.entrySet()) {
      String name = entry.getKey();
      Path root = entry.getValue();
      List<String> classes = ImageFolder.classNames(root);
      if (classes.size() < 2) {
        failures.add(root + " has " + classes.size() + " class folder(s); training needs at least 2");
      }
      Map<String, Integer> counts = new LinkedHashMap<>();
      for (int label = 0; label < classes.size(); label++) {
        String className = classes.get(label);
        List<Path> images = ImageFiles.listRecursively(root.resolve(className));
        counts.put(className, images.size());
        int usable = 0;
        for (Path image : images) {
          splitOf.put(image, name);
          byte[] bytes;
          try {
            bytes = Files.readAllBytes(image);
          } catch (IOException e) {
            bad.add(new Problem(image, "cannot read: " + e.getMessage()));
            continue;
          }
          byHash.computeIfAbsent(sha256(bytes), hash -> new ArrayList<>()).add(image);
          if (ExifOrientation.of(bytes) != ExifOrientation.UPRIGHT) {
            turnedByExif.add(image);
          }
          String problem = headerProblem(bytes, maxPixels);
          if (problem != null) {
            bad.add(new Problem(image, problem));
          } else {
            usable++;
            decodable.add(new ImageSample(image, label));
            classOf.put(image, new ClassOf(root, className, images.size()));
          }
        }
        if (images.isEmpty()) {
          failures.add("class '" + className + "' in " + root + " has no images (.jpg .jpeg .png .bmp .gif)");
        } else if (usable == 0) {
          failures.add("class '" + className + "' in " + root + " has no readable image");
        }
      }
      splits.add(new Split(name, root, counts));
    }
    if (splits.size() == 2) {
      Set<String> train = splits.get(0).imagesPerClass().keySet();
      Set<String> val = splits.get(1).imagesPerClass().keySet();
      if (!train.equals(val)) {
        TreeSet<String> onlyOne = new TreeSet<>(train);
        onlyOne.addAll(val);
        onlyOne.removeIf(c -> train.contains(c) && val.contains(c));
        failures.add("train and val must have the same classes; only on one side: " + String.join(", ", onlyOne));
      }
    }
    if (decode && !decodable.isEmpty()) {
      List<Problem> undecodable = decodeAll(decodable, maxPixels, decodeConfig);
      bad.addAll(undecodable);
      failures.addAll(classesWithoutDecodableImage(classOf, undecodable));
    }
    List<List<Path>> duplicates = byHash.values().stream().filter(paths -> paths.size() > 1).toList();
    List<List<Path>> leaks = duplicates.stream()
        .filter(paths -> paths.stream().map(splitOf::get).distinct().count() > 1).toList();
    return new Report(splits, bad, duplicates, leaks, failures, decode, turnedByExif);
  }

  /** The class (and its root and image count) a file that passed the header check belongs to. */
  private record ClassOf(Path root, String className, int images) {}

  /** A failure for each class whose images passed the header check but then all failed to decode. */
  private static List<String> classesWithoutDecodableImage(Map<Path, ClassOf> classOf, List<Problem> undecodable) {
    Map<ClassOf, Integer> decodable = new LinkedHashMap<>();
    classOf.values().forEach(owner -> decodable.merge(owner, 1, Integer::sum));
    Map<ClassOf, Problem> example = new LinkedHashMap<>();
    for (Problem problem : undecodable) {
      ClassOf owner = classOf.get(problem.path());
      decodable.merge(owner, -1, Integer::sum);
      example.putIfAbsent(owner, problem);
    }
    List<String> failures = new ArrayList<>();
    decodable.forEach((owner, left) -> {
      if (left == 0) {
        Problem first = example.get(owner);
        failures.add(UndecodableClassCheck.message(owner.className(), owner.root().toString(), owner.images(),
            new BadImage(first.path(), first.reason())));
      }
    });
    return failures;
  }

  private static String headerProblem(byte[] bytes, long maxPixels) {
    if (bytes.length == 0) {
      return "empty file";
    }
    ImageHeader header = ImageHeader.parse(bytes);
    if (header == null) {
      return "not a JPEG, PNG, GIF or BMP file, or its header is cut short";
    }
    return header.problem(maxPixels, CHECK_SPEC.resize());
  }

  /** Decodes every file with the training pipeline, in batches, and returns the ones it skips. */
  private static List<Problem> decodeAll(List<ImageSample> samples, long maxPixels, ConfigProto config) {
    PreprocessingSpec size = CHECK_SPEC;
    PreprocessingSpec spec = new PreprocessingSpec(size.resize(), size.imageSize(), size.normalization(), maxPixels);
    List<Problem> problems = new ArrayList<>();
    try (BatchDecoder decoder = new BatchDecoder(spec, Augmentation.NONE, 2, config,
        bad -> problems.add(new Problem(bad.path(), bad.reason())))) {
      for (int start = 0; start < samples.size(); start += 32) {
        List<ImageSample> batch = samples.subList(start, Math.min(samples.size(), start + 32));
        try (DecodedBatch decoded = decoder.decode(new PlannedBatch(batch, new boolean[batch.size()]), false)) {
          // Only the files it skipped matter here.
        }
      }
    }
    return problems;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
