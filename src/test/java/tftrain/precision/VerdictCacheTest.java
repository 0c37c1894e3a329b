package tftrain.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tftrain.runtime.CpuClass;

class VerdictCacheTest {

  private static final CpuIdentity ZEN5 = new CpuIdentity("AMD EPYC", 26, CpuClass.AVX512_BF16);
  private static final CpuIdentity ZEN4 = new CpuIdentity("AMD EPYC", 25, CpuClass.AVX512_BF16);

  @TempDir Path folder;

  @Test
  void aVerdictIsReadBackForTheSameCpuAndVersions() {
    new VerdictCache(folder, ZEN5, "1.0", "2.18.0").store(PrecisionVerdict.fail("conv2 off"));
    assertEquals(Optional.of(PrecisionVerdict.fail("conv2 off")),
        new VerdictCache(folder, ZEN5, "1.0", "2.18.0").load());
  }

  @Test
  void anotherCpuModelOrVersionDoesNotSeeIt() {
    new VerdictCache(folder, ZEN5, "1.0", "2.18.0").store(PrecisionVerdict.pass("ok"));
    assertTrue(new VerdictCache(folder, ZEN4, "1.0", "2.18.0").load().isEmpty());
    assertTrue(new VerdictCache(folder, ZEN5, "1.1", "2.18.0").load().isEmpty());
    assertTrue(new VerdictCache(folder, ZEN5, "1.0", "2.19.0").load().isEmpty());
  }

  @Test
  void aDamagedFileIsIgnoredAndAnUnwritableFolderIsNotFatal() throws Exception {
    VerdictCache cache = new VerdictCache(folder, ZEN5, "1.0", "2.18.0");
    Files.writeString(cache.file(), "{ not json");
    assertTrue(cache.load().isEmpty());
    Path blocked = folder.resolve("a-file");
    Files.writeString(blocked, "x");
    new VerdictCache(blocked.resolve("sub"), ZEN5, "1.0", "2.18.0").store(PrecisionVerdict.pass("ok"));
  }
}
