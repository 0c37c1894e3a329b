package tftrain.data.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.archivers.zip.ZipMethod;
import tftrain.BadInputException;
import tftrain.io.AtomicFiles;

/**
 * Extracts a zip archive so that nothing can land outside the target folder.
 *
 * <p>Every entry is checked before the first byte is written, and the archive is refused as a whole when any
 * entry is unsafe: a {@code ../} path, an absolute path, or a symbolic link that points out of the folder.
 * Links that stay inside are skipped rather than created, because a created link is a door that later entries
 * (or later tools) could walk through. A zip bomb is stopped by {@link ZipLimits}, first on the sizes the
 * archive declares and again on the bytes it really produces, since declared sizes can lie. Each file is
 * written to a hidden temporary sibling and renamed into place, so a failure never leaves a partial file under
 * an archive name, and existing files are kept unless {@code overwrite} is set.
 */
public final class SafeUnzipper {

  /** macOS Finder adds resource forks here; extracted, they would look like one more class folder. */
  private static final String MAC_METADATA_PREFIX = "__MACOSX/";
  private static final Pattern DRIVE_LETTER = Pattern.compile("^[A-Za-z]:.*");
  private static final int MAX_LINK_TARGET_BYTES = 4096;
  private static final int BUFFER_BYTES = 64 * 1024;
  private static final String DAMAGED_ADVICE = "download the archive again";
  /**
   * How commons-compress words its refusal of a split archive's part when allowed one disk only; pinned by
   * SafeUnzipperTest, which fails if a new version words it otherwise.
   */
  private static final String SPLIT_ARCHIVE_REFUSAL = "Too many disks";
  /**
   * The methods the JDK's inflater reads. commons-compress also claims XZ and Zstandard, whose decoders are
   * optional jars not on our classpath (reading one would end in NoClassDefFoundError), so it is not asked.
   */
  private static final Set<Integer> READABLE_METHODS = Set.of(ZipEntry.STORED, ZipEntry.DEFLATED);

  private final ZipLimits limits;
  private final boolean overwrite;

  /**
   * @param limits when to call the archive a zip bomb
   * @param overwrite whether an existing file may be replaced by the archive's copy
   */
  public SafeUnzipper(ZipLimits limits, boolean overwrite) {
    this.limits = limits;
    this.overwrite = overwrite;
  }

  private record PlannedFile(ZipArchiveEntry entry, Path target) {}

  private record Plan(
      List<Path> directories, List<PlannedFile> files, int symbolicLinksSkipped, int macMetadataSkipped) {

    long totalBytes() {
      return files.stream().mapToLong(file -> Math.max(0, file.entry().getSize())).sum();
    }
  }

  /** Raised inside a file's write so that the temporary file is removed before the user hears why. */
  private static final class StopExtraction extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final String advice;

    StopExtraction(String message, String advice) {
      super(message);
      this.advice = advice;
    }
  }

  /** Running totals across the files of one extraction. */
  private static final class Totals {
    long bytes;
    int files;
  }

  /**
   * Extracts {@code archive} into {@code outputDir}, creating it if needed.
   *
   * @throws BadInputException when the archive is missing, not a zip, damaged, unsafe, a zip bomb, or would
   *     replace existing files without {@code overwrite}; nothing is written for any of these found before
   *     extraction starts
   */
  public UnzipResult unzip(Path archive, Path outputDir, UnzipProgress progress) throws IOException {
    if (!Files.exists(archive)) {
      throw new BadInputException("archive not found: " + archive);
    }
    if (!Files.isRegularFile(archive)) {
      throw new BadInputException(archive + " is not a file; give the path of a .zip archive");
    }
    if (Files.exists(outputDir) && !Files.isDirectory(outputDir)) {
      throw new BadInputException("output " + outputDir + " is a file, not a folder; choose another -o");
    }
    Path root = outputDir.toAbsolutePath().normalize();
    try (ZipFile zip = openZip(archive)) {
      List<ZipArchiveEntry> entries = Collections.list(zip.getEntries());
      refuseUnreadable(archive, entries);
      Plan plan = plan(archive, zip, entries, root, outputDir);
      checkLimits(archive, plan);
      int replacedFiles = checkExisting(plan, outputDir);
      return extract(archive, zip, plan, root, outputDir, replacedFiles, progress);
    }
  }

  /**
   * Opens the archive with commons-compress, which reads the central directory (ZIP64, the Unix modes and the
   * encryption flags; a self-extractor's prefix before classic end records) and, reading every local header
   * now (its default), refuses before anything is written an entry whose data would run into the directory.
   */
  private static ZipFile openZip(Path archive) throws IOException {
    try {
      // One disk: with more allowed, the library would go looking for sibling parts (.z01, ...) of a split archive.
      return ZipFile.builder().setPath(archive).setMaxNumberOfDisks(1).get();
    } catch (FileSystemException cannotOpen) {
      throw cannotOpen; // not the archive's fault (permissions): a failure, not bad input
    } catch (IOException | IllegalArgumentException e) {
      if (Objects.toString(e.getMessage(), "").startsWith(SPLIT_ARCHIVE_REFUSAL)) {
        throw new BadInputException(archive + " is one part of a split archive (zip -s); join the parts into one"
            + " file first, e.g. zip -s 0 " + archive.getFileName() + " --out whole.zip, and unzip that", e);
      }
      Throwable reason = e.getCause() != null ? e.getCause() : e; // the library wraps the reason in "Error reading"
      throw new BadInputException(archive + " is not a zip archive or is damaged ("
          + Objects.toString(reason.getMessage(), reason.getClass().getSimpleName()) + "); download it again", e);
    }
  }

  /**
   * Refuses, in words and before anything is written, entries that are whole but cannot be read here:
   * encrypted ones, and ones packed with a method other than stored or deflated.
   */
  private static void refuseUnreadable(Path archive, List<ZipArchiveEntry> entries) {
    List<String> encrypted = entries.stream().filter(entry -> entry.getGeneralPurposeBit().usesEncryption())
        .map(entry -> "'" + nameOf(entry) + "'").toList();
    if (!encrypted.isEmpty()) {
      throw new BadInputException(archive + " is encrypted (" + encrypted.size() + " of " + entries.size()
          + " entries, e.g. " + encrypted.get(0) + "), which tftrain cannot read; extract it with the password in"
          + " your zip tool (unzip, 7z), then point tftrain at the folder");
    }
    for (ZipArchiveEntry entry : entries) {
      if (!READABLE_METHODS.contains(entry.getMethod())) {
        ZipMethod method = ZipMethod.getMethodByCode(entry.getMethod());
        throw new BadInputException(archive + " packs '" + nameOf(entry) + "' with the "
            + (method != null ? method : "unknown method " + entry.getMethod()) + " method, which tftrain cannot"
            + " read (it reads stored and deflated); extract it with your zip tool (unzip, 7z), then point tftrain"
            + " at the folder");
      }
    }
  }

  private static Plan plan(Path archive, ZipFile zip, List<ZipArchiveEntry> entries, Path root, Path outputDir) {
    List<Path> directories = new ArrayList<>();
    List<PlannedFile> files = new ArrayList<>();
    List<String> unsafe = new ArrayList<>();
    int symbolicLinksSkipped = 0;
    int macMetadataSkipped = 0;
    for (ZipArchiveEntry entry : entries) {
      String name = nameOf(entry);
      // Zip tools on Windows write "\" as the separator; treating it as one closes "..\evil" too.
      String slashedName = name.replace('\\', '/');
      if (slashedName.startsWith(MAC_METADATA_PREFIX)) {
        macMetadataSkipped++;
        continue;
      }
      String problem = escapeProblem(root, slashedName);
      if (problem != null) {
        unsafe.add("'" + name + "' (" + problem + ")");
        continue;
      }
      Path target = root.resolve(slashedName).normalize();
      boolean isDirectory = slashedName.endsWith("/");
      if (!isDirectory && target.equals(root)) {
        unsafe.add("'" + name + "' (names the folder itself)");
        continue;
      }
      if (isSymbolicLink(entry)) {
        String linkProblem = linkProblem(root, target, readLinkTarget(archive, zip, entry));
        if (linkProblem != null) {
          unsafe.add("'" + name + "' (" + linkProblem + ")");
        } else {
          symbolicLinksSkipped++;
        }
        continue;
      }
      if (isDirectory) {
        directories.add(target);
      } else {
        files.add(new PlannedFile(entry, target));
      }
    }
    if (!unsafe.isEmpty()) {
      throw new BadInputException(
          "refusing to extract " + archive + ": " + count(unsafe.size(), "entry", "entries")
              + " would land outside " + outputDir + ": " + Examples.firstFew(unsafe) + "; nothing was extracted");
    }
    if (files.isEmpty()) {
      throw new BadInputException(archive + " holds no files; nothing to extract");
    }
    checkUniqueTargets(archive, root, directories, files);
    return new Plan(directories, files, symbolicLinksSkipped, macMetadataSkipped);
  }

  /**
   * Refuses, before anything is written, an archive that names one file twice (only one could survive) or
   * has an entry that is a file in one place and a folder in another ({@code x} and {@code x/y.jpg}).
   */
  private static void checkUniqueTargets(Path archive, Path root, List<Path> directories, List<PlannedFile> files) {
    Set<Path> fileTargets = new HashSet<>();
    List<String> duplicates = new ArrayList<>();
    for (PlannedFile file : files) {
      if (!fileTargets.add(file.target())) {
        duplicates.add("'" + root.relativize(file.target()) + "'");
      }
    }
    if (!duplicates.isEmpty()) {
      throw new BadInputException(
          archive + " lists " + count(duplicates.size(), "file", "files") + " more than once ("
              + Examples.firstFew(duplicates) + "), so one copy would silently replace the other; nothing was"
              + " extracted; repack the archive without the duplicates");
    }
    Set<Path> folderTargets = new HashSet<>(directories);
    for (PlannedFile file : files) {
      for (Path parent = file.target().getParent(); parent != null && !parent.equals(root);
          parent = parent.getParent()) {
        folderTargets.add(parent);
      }
    }
    List<String> clashes = new ArrayList<>();
    for (PlannedFile file : files) {
      if (folderTargets.contains(file.target())) {
        clashes.add("'" + root.relativize(file.target()) + "'");
      }
    }
    if (!clashes.isEmpty()) {
      throw new BadInputException(
          archive + " has " + count(clashes.size(), "entry", "entries") + " that "
              + (clashes.size() == 1 ? "is" : "are")
              + " both a file and a folder (" + Examples.firstFew(clashes) + "); nothing was extracted;"
              + " repack the archive so each name is one or the other");
    }
  }

  /** Why {@code name} would land outside {@code root}, or null when it stays inside. */
  private static String escapeProblem(Path root, String slashedName) {
    if (slashedName.startsWith("/") || DRIVE_LETTER.matcher(slashedName).matches()) {
      return "absolute path";
    }
    Path target;
    try {
      target = root.resolve(slashedName).normalize();
    } catch (InvalidPathException e) {
      return "invalid file name";
    }
    return target.startsWith(root) ? null : "goes up out of the folder";
  }

  /** Why a link at {@code linkPath} to {@code linkTarget} leads outside {@code root}, or null when it does not. */
  private static String linkProblem(Path root, Path linkPath, String linkTarget) {
    String slashedTarget = linkTarget.replace('\\', '/');
    if (slashedTarget.startsWith("/") || DRIVE_LETTER.matcher(slashedTarget).matches()) {
      return "symbolic link to " + linkTarget;
    }
    Path resolved;
    try {
      resolved = linkPath.getParent().resolve(slashedTarget).normalize();
    } catch (InvalidPathException e) {
      return "symbolic link to an invalid name";
    }
    return resolved.startsWith(root) ? null : "symbolic link to " + linkTarget + ", outside the folder";
  }

  /**
   * The entry's name as stored, read as UTF-8, as the JDK's zip reader did: the library's {@code getName()}
   * rewrites "\" to "/" in names from DOS tools and may take a name from an extra field instead. Every check
   * runs on this name and the file is written under it, so the name checked is the name written.
   */
  private static String nameOf(ZipArchiveEntry entry) {
    return new String(entry.getRawName(), StandardCharsets.UTF_8);
  }

  /**
   * True when the Unix mode in the high 16 bits of the external attributes says symbolic link, whatever "made
   * by" system the entry claims (the library's {@code isUnixSymlink} believes the claim; a crafted archive can
   * claim any, and on honest non-Unix entries those bits are 0).
   */
  private static boolean isSymbolicLink(ZipArchiveEntry entry) {
    return (entry.getExternalAttributes() >>> 16 & UnixStat.FILE_TYPE_FLAG) == UnixStat.LINK_FLAG;
  }

  /** Reads at most a path's worth: the library's {@code getUnixSymlink} would read a huge "link" whole. */
  private static String readLinkTarget(Path archive, ZipFile zip, ZipArchiveEntry entry) {
    try (InputStream in = zip.getInputStream(entry)) {
      return new String(in.readNBytes(MAX_LINK_TARGET_BYTES), StandardCharsets.UTF_8);
    } catch (IOException | IllegalArgumentException e) {
      throw new BadInputException(
          archive + " is damaged ('" + nameOf(entry) + "' cannot be read: " + e.getMessage() + "); download it again",
          e);
    }
  }

  private void checkLimits(Path archive, Plan plan) {
    long totalBytes = plan.totalBytes();
    if (totalBytes > limits.maxTotalBytes()) {
      throw new BadInputException(
          "stopping: " + archive + " would expand to " + ByteSize.format(totalBytes) + ", over the limit of "
              + ByteSize.format(limits.maxTotalBytes()) + " (a zip bomb?); nothing was extracted;"
              + " if you trust it, raise --max-size");
    }
    for (PlannedFile file : plan.files()) {
      long size = file.entry().getSize();
      long compressedSize = file.entry().getCompressedSize();
      if (limits.exceedsRatio(size, compressedSize)) {
        throw new BadInputException(
            "stopping: " + ratioProblem(file.entry(), archive, size, compressedSize) + "; nothing was extracted;"
                + " if you trust it, raise --max-ratio");
      }
    }
  }

  private String ratioProblem(ZipArchiveEntry entry, Path archive, long size, long compressedSize) {
    return String.format(
        Locale.ROOT,
        "'%s' in %s expands %.0fx (%s from %s), over the limit of %.0fx (a zip bomb?)",
        nameOf(entry),
        archive,
        size / (double) Math.max(1, compressedSize),
        ByteSize.format(size),
        ByteSize.format(compressedSize),
        limits.maxRatio());
  }

  /** Checks what is already in the folder; returns how many files the extraction will replace. */
  private int checkExisting(Plan plan, Path outputDir) {
    List<String> existing = new ArrayList<>();
    for (PlannedFile file : plan.files()) {
      if (Files.isDirectory(file.target(), LinkOption.NOFOLLOW_LINKS)) {
        throw new BadInputException(
            "cannot extract '" + nameOf(file.entry()) + "': " + file.target()
                + " is a folder; remove it or choose another -o");
      }
      if (Files.exists(file.target(), LinkOption.NOFOLLOW_LINKS)) {
        existing.add("'" + nameOf(file.entry()) + "'");
      }
    }
    if (!existing.isEmpty() && !overwrite) {
      throw new BadInputException(
          outputDir + " already has " + existing.size() + " of the archive's files"
              + " (" + Examples.firstFew(existing) + "); nothing was extracted; use --overwrite to replace them");
    }
    return existing.size();
  }

  private UnzipResult extract(
      Path archive, ZipFile zip, Plan plan, Path root, Path outputDir, int replacedFiles, UnzipProgress progress)
      throws IOException {
    Files.createDirectories(root);
    Path realRoot = root.toRealPath();
    Set<Path> checkedDirectories = new HashSet<>();
    for (Path directory : plan.directories()) {
      createInside(root, realRoot, directory, checkedDirectories, outputDir);
    }
    progress.started(plan.totalBytes(), plan.files().size());
    Totals totals = new Totals();
    for (PlannedFile file : plan.files()) {
      createInside(root, realRoot, file.target().getParent(), checkedDirectories, outputDir);
      try {
        AtomicFiles.writeFile(file.target(), out -> copyEntry(archive, zip, file.entry(), out, totals, progress));
      } catch (StopExtraction stop) {
        throw new BadInputException(
            stop.getMessage() + "; stopped after " + totals.files + " of " + plan.files().size()
                + " files (those are complete); " + stop.advice,
            stop);
      }
      FileTime modified = file.entry().getLastModifiedTime();
      if (modified != null) {
        Files.setLastModifiedTime(file.target(), modified);
      }
      totals.files++;
    }
    return new UnzipResult(
        totals.files,
        replacedFiles,
        plan.directories().size(),
        totals.bytes,
        plan.symbolicLinksSkipped(),
        plan.macMetadataSkipped());
  }

  /**
   * Creates {@code directory} one level at a time, checking each level's real path: a symbolic link already
   * in the folder (not from the archive) must not carry files out of it either.
   */
  private static void createInside(
      Path root, Path realRoot, Path directory, Set<Path> checkedDirectories, Path outputDir) throws IOException {
    if (directory.equals(root) || checkedDirectories.contains(directory)) {
      return;
    }
    Path current = root;
    for (Path part : root.relativize(directory)) {
      current = current.resolve(part);
      if (checkedDirectories.contains(current)) {
        continue;
      }
      if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
        try {
          Files.createDirectory(current);
        } catch (FileAlreadyExistsException e) {
          // Created meanwhile by someone else; the checks below still apply to it.
        }
      }
      if (!current.toRealPath().startsWith(realRoot)) {
        throw new BadInputException(
            "refusing to write into " + current + ": it is a symbolic link out of " + outputDir
                + "; remove it or choose another -o");
      }
      if (!Files.isDirectory(current)) {
        throw new BadInputException(
            current + " is a file where the archive has a folder; remove it or choose another -o");
      }
      checkedDirectories.add(current);
    }
  }

  private void copyEntry(
      Path archive, ZipFile zip, ZipArchiveEntry entry, OutputStream out, Totals totals, UnzipProgress progress)
      throws IOException {
    String name = nameOf(entry);
    long declaredSize = entry.getSize();
    long written = 0;
    CRC32 checksum = new CRC32();
    byte[] buffer = new byte[BUFFER_BYTES];
    try (InputStream in = openEntry(archive, zip, entry)) {
      while (true) {
        int count = readEntry(archive, in, buffer, name);
        if (count < 0) {
          break;
        }
        written += count;
        totals.bytes += count;
        if (declaredSize >= 0 && written > declaredSize) {
          throw new StopExtraction(
              archive + " is damaged or a zip bomb: '" + name + "' holds more data than it declares", DAMAGED_ADVICE);
        }
        if (limits.exceedsRatio(written, entry.getCompressedSize())) {
          throw new StopExtraction(
              ratioProblem(entry, archive, written, entry.getCompressedSize()), "if you trust it, raise --max-ratio");
        }
        if (totals.bytes > limits.maxTotalBytes()) {
          throw new StopExtraction(
              archive + " expands past the limit of " + ByteSize.format(limits.maxTotalBytes()) + " (a zip bomb?)",
              "if you trust it, raise --max-size");
        }
        checksum.update(buffer, 0, count);
        out.write(buffer, 0, count);
        progress.extracted(count);
      }
    }
    if (declaredSize >= 0 && written != declaredSize) {
      throw new StopExtraction(archive + " is damaged: '" + name + "' is shorter than it declares", DAMAGED_ADVICE);
    }
    if (entry.getCrc() >= 0 && checksum.getValue() != entry.getCrc()) {
      throw new StopExtraction(archive + " is damaged: '" + name + "' fails its checksum", DAMAGED_ADVICE);
    }
  }

  private static InputStream openEntry(Path archive, ZipFile zip, ZipArchiveEntry entry) {
    try {
      return zip.getInputStream(entry);
    } catch (IOException | IllegalArgumentException e) { // the library's word for data bounds out of range
      throw new StopExtraction(
          archive + " is damaged: '" + nameOf(entry) + "' cannot be read (" + e.getMessage() + ")",
          DAMAGED_ADVICE);
    }
  }

  /** Reads from the archive; read errors mean a damaged archive, unlike write errors (a full disk). */
  private static int readEntry(Path archive, InputStream in, byte[] buffer, String name) {
    try {
      return in.read(buffer);
    } catch (IOException e) {
      throw new StopExtraction(
          archive + " is damaged: '" + name + "' cannot be read (" + e.getMessage() + ")",
          DAMAGED_ADVICE);
    }
  }

  private static String count(int count, String one, String many) {
    return count + " " + (count == 1 ? one : many);
  }
}
