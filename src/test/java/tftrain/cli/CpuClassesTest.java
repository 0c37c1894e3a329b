package tftrain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tftrain.precision.CpuIdentity;
import tftrain.precision.PrecisionChooser;
import tftrain.precision.PrecisionVerdict;
import tftrain.precision.VerdictCache;
import tftrain.runtime.CpuClass;
import tftrain.runtime.CpuFeatures;
import tftrain.testing.TestImages;
import tftrain.testing.TestRuns;

/**
 * The commands whose output depends on the CPU, run as if on a CPU of every class through the seam
 * ({@value CpuFeatures#OVERRIDE_PROPERTY}), so that the suite passes whatever CPU it lands on. The bf16
 * self-check's verdict is forced to pass: on the real kernels it depends on the machine, which
 * PrecisionFallbackTest covers.
 */
class CpuClassesTest {

  @TempDir static Path temp;
  private static Path data;
  private static Path finishedRun;
  private BiFunction<Integer, Consumer<String>, PrecisionChooser> machineFactory;

  @BeforeAll
  static void trainOneFp32RunToResume() throws Exception {
    data = TestImages.trainValFolders(temp.resolve("data"), 2, 4, 2, 70, 4);
    finishedRun = temp.resolve("fp32-run");
    TestRuns.Finished trained = TestRuns.run(temp, 120, "train", "--data", data.toString(),
        "-o", finishedRun.toString(),
        "--epochs", "1", "--image-size", "63", "-b", "4", "--max-batches", "1", "--no-progress", "--precision", "fp32");
    assertEquals(0, trained.exitCode(), trained.err());
  }

  /** This JVM's CPU is now one of {@code cpuClass}, with a self-check that passes. */
  private void runAsIfOn(CpuClass cpuClass) {
    System.setProperty(CpuFeatures.OVERRIDE_PROPERTY, cpuClass.key());
    machineFactory = ComputeOptions.chooserFactory;
    Path cache = temp.resolve("verdicts-" + cpuClass.key());
    ComputeOptions.chooserFactory = (threads, warnings) -> {
      CpuIdentity cpu = CpuIdentity.current();
      return new PrecisionChooser(cpu, () -> PrecisionVerdict.pass("forced"), new VerdictCache(cache, cpu, "t", "t"),
          warnings);
    };
  }

  @AfterEach
  void backToThisMachine() {
    System.clearProperty(CpuFeatures.OVERRIDE_PROPERTY);
    if (machineFactory != null) {
      ComputeOptions.chooserFactory = machineFactory;
    }
  }

  @ParameterizedTest
  @EnumSource(CpuClass.class)
  void aResumeWithChangedSettingsIsRefusedInOneLineOnEveryCpu(CpuClass cpuClass) {
    runAsIfOn(cpuClass);
    var changed = Run.of("train", "--resume", finishedRun.toString(), "--epochs", "2", "--image-size", "64",
        "--precision", "bf16");
    assertEquals(2, changed.exitCode());
    assertEquals(1, changed.err().strip().lines().count(), changed.err());
    assertTrue(changed.err().startsWith("tftrain: error: cannot resume with changed settings: --image-size 64"
        + " (the run's: 63), --precision bf16 (the run's: fp32)"), changed.err());
  }

  @Tag("slow")
  @ParameterizedTest
  @EnumSource(CpuClass.class)
  void bf16WarnsOnlyWhereItIsEmulatedAndTheDeviceLineNamesTheKernels(CpuClass cpuClass) throws Exception {
    runAsIfOn(cpuClass);
    Path run = temp.resolve("bf16-" + cpuClass.key());
    var trained = Run.of("train", "--data", data.toString(), "-o", run.toString(), "--epochs", "1",
        "--image-size", "63", "-b", "2", "--max-batches", "1", "--no-progress", "--seed", "1", "--precision", "bf16");
    assertEquals(0, trained.exitCode(), trained.err());
    long emulationWarnings = trained.err().lines()
        .filter(line -> line.equals("warning: this CPU has no native bf16; bf16 will be emulated and slow")).count();
    assertEquals(cpuClass.hasNativeBf16() ? 0 : 1, emulationWarnings, trained.err());
    String precision = cpuClass.hasNativeBf16() ? "bf16 (as requested, self-check passed)"
        : "bf16 (as requested, emulated)";
    assertTrue(trained.out().contains(precision), trained.out());
    // In-process, without the launcher: TensorFlow's default for the class, on the Device line and in the summary.
    String kernels = "oneDNN " + (CpuFeatures.typicalOf(cpuClass).tensorFlowTurnsOneDnnOn() ? "on" : "off")
        + " (TensorFlow's default on this CPU)";
    assertTrue(trained.out().lines().anyMatch(line -> line.startsWith("Device: CPU (") && line.contains(kernels)),
        trained.out());
    String device = new ObjectMapper().readTree(run.resolve("summary.json").toFile()).get("device").asText();
    assertTrue(device.endsWith(kernels), device);
  }
}
