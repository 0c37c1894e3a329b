package tftrain.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tftrain.runtime.CpuClass;
import tftrain.runtime.Precision;

class PrecisionChooserTest {

  private static final CpuIdentity BF16_CPU = new CpuIdentity("AMD EPYC", 26, CpuClass.AVX512_BF16);
  private static final CpuIdentity PLAIN_CPU = new CpuIdentity("Old Xeon", 6, CpuClass.AVX2);

  @TempDir Path cacheFolder;
  private final List<String> warnings = new ArrayList<>();
  private final AtomicInteger checksRun = new AtomicInteger();

  private PrecisionChooser chooser(CpuIdentity cpu, PrecisionVerdict verdict) {
    Bf16Check check = () -> {
      checksRun.incrementAndGet();
      return verdict;
    };
    return new PrecisionChooser(cpu, check, new VerdictCache(cacheFolder, cpu, "1.0", "2.18.0"), warnings::add);
  }

  @Test
  void autoFallsBackToFp32WhenTheSelfCheckFailsAndSaysWhy() {
    PrecisionChoice choice =
        chooser(BF16_CPU, PrecisionVerdict.fail("conv2/kernel gradient at step 2 off by 870 %"))
            .choose(PrecisionChooser.Request.AUTO);
    assertEquals(Precision.FP32, choice.precision());
    assertEquals("fp32 (bf16 self-check failed: conv2/kernel gradient at step 2 off by 870 %)", choice.describe());
    assertTrue(warnings.isEmpty(), "auto falls back silently apart from the Device line");
  }

  @Test
  void autoPicksBf16OnlyAfterThePassingCheck() {
    PrecisionChoice choice = chooser(BF16_CPU, PrecisionVerdict.pass("fine")).choose(PrecisionChooser.Request.AUTO);
    assertEquals(Precision.BF16, choice.precision());
    assertEquals("bf16 (self-check passed)", choice.describe());
    assertEquals(1, checksRun.get());
  }

  @Test
  void aCpuWithoutNativeBf16StaysFp32WithoutRunningTheCheck() {
    PrecisionChoice choice = chooser(PLAIN_CPU, PrecisionVerdict.pass("fine")).choose(PrecisionChooser.Request.AUTO);
    assertEquals(Precision.FP32, choice.precision());
    assertEquals(0, checksRun.get());
  }

  @Test
  void theVerdictIsCachedSoLaterRunsSkipTheCheck() {
    chooser(BF16_CPU, PrecisionVerdict.fail("wrong")).choose(PrecisionChooser.Request.AUTO);
    PrecisionChoice again =
        chooser(BF16_CPU, PrecisionVerdict.pass("would pass")).choose(PrecisionChooser.Request.AUTO);
    assertEquals(1, checksRun.get(), "the second chooser read the first one's verdict");
    assertEquals(Precision.FP32, again.precision());
  }

  @Test
  void explicitBf16OnAFailingMachineWarnsInOneLineAndProceeds() {
    PrecisionChoice choice =
        chooser(BF16_CPU, PrecisionVerdict.fail("fc6/kernel gradient at step 2 off by 300 %"))
            .choose(PrecisionChooser.Request.BF16);
    assertEquals(Precision.BF16, choice.precision());
    assertEquals(1, warnings.size());
    assertTrue(warnings.get(0).startsWith("warning: bf16 computes wrongly on this CPU (fc6/kernel"), warnings.get(0));
    assertTrue(!warnings.get(0).contains("\n"));
  }

  @ParameterizedTest
  @EnumSource(CpuClass.class)
  void autoIsBf16ExactlyWhereTheClassHasNativeBf16AndExplicitBf16WarnsElsewhere(CpuClass cpuClass) {
    CpuIdentity cpu = new CpuIdentity("Any", 25, cpuClass);
    boolean bf16 = cpuClass == CpuClass.AVX512_BF16 || cpuClass == CpuClass.AMX;
    PrecisionChoice auto = chooser(cpu, PrecisionVerdict.pass("fine")).choose(PrecisionChooser.Request.AUTO);
    assertEquals(bf16 ? Precision.BF16 : Precision.FP32, auto.precision(), cpuClass.label());
    assertTrue(warnings.isEmpty(), "auto never warns: " + warnings);
    PrecisionChoice explicit = chooser(cpu, PrecisionVerdict.pass("fine")).choose(PrecisionChooser.Request.BF16);
    assertEquals(Precision.BF16, explicit.precision());
    assertEquals(bf16 ? List.of() : List.of("warning: this CPU has no native bf16; bf16 will be emulated and slow"),
        warnings);
  }

  @Test
  void explicitFp32NeverRunsTheCheck() {
    assertEquals(Precision.FP32,
        chooser(BF16_CPU, PrecisionVerdict.fail("x")).choose(PrecisionChooser.Request.FP32).precision());
    assertEquals(0, checksRun.get());
  }
}
