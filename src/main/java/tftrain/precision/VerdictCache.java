package tftrain.precision;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.CRC32;
import tftrain.BadInputException;
import tftrain.report.JsonFiles;

/**
 * Remembers the bf16 self-check's verdict per CPU model, tftrain version and TensorFlow version, so only
 * the first run on a machine pays for the check. A verdict is only as good as the kernels it was measured
 * with, hence all three in the key; a damaged cache file is ignored and rewritten.
 */
public final class VerdictCache {

  /** What is stored: the key's parts in words (for a person reading the file) and the verdict. */
  record Entry(String cpu, String tftrainVersion, String tensorflowVersion, boolean passed, String detail) {}

  private final Path folder;
  private final String cpu;
  private final String tftrainVersion;
  private final String tensorflowVersion;

  public VerdictCache(Path folder, CpuIdentity cpu, String tftrainVersion, String tensorflowVersion) {
    this.folder = folder;
    this.cpu = cpu.description();
    this.tftrainVersion = tftrainVersion;
    this.tensorflowVersion = tensorflowVersion;
  }

  /** The verdict stored for this machine and these versions, if any. */
  public Optional<PrecisionVerdict> load() {
    Path file = file();
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      Entry entry = JsonFiles.read(file, Entry.class);
      if (!entry.cpu().equals(cpu) || !entry.tftrainVersion().equals(tftrainVersion)
          || !entry.tensorflowVersion().equals(tensorflowVersion)) {
        return Optional.empty();
      }
      return Optional.of(new PrecisionVerdict(entry.passed(), entry.detail()));
    } catch (BadInputException | UncheckedIOException e) {
      return Optional.empty();
    }
  }

  /** Stores a verdict; a cache that cannot be written only costs the next run another check. */
  public void store(PrecisionVerdict verdict) {
    try {
      Files.createDirectories(folder);
      JsonFiles.write(file(), new Entry(cpu, tftrainVersion, tensorflowVersion, verdict.passed(), verdict.detail()));
    } catch (IOException | UncheckedIOException e) {
      // Not fatal: the check simply runs again next time.
    }
  }

  /** One file per key, named by a checksum of it; a new version of the check starts a new file. */
  Path file() {
    CRC32 crc = new CRC32();
    crc.update((cpu + "\n" + tftrainVersion + "\n" + tensorflowVersion + "\n" + Bf16SelfCheck.VERSION)
        .getBytes(StandardCharsets.UTF_8));
    return folder.resolve("bf16-check-" + HexFormat.of().toHexDigits((int) crc.getValue()) + ".json");
  }
}
