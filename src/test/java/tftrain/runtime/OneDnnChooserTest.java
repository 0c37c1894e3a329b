package tftrain.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OneDnnChooserTest {

  private static final EffectiveCpu ZEN3 = EffectiveCpu.of("avx2", Map.of());
  private static final EffectiveCpu ZEN4 = EffectiveCpu.of("avx512-bf16", Map.of());
  private static final EffectiveCpu ZEN4_AS_AVX2 =
      EffectiveCpu.of("avx512-bf16", Map.of(EffectiveCpu.ISA_CAP_VARIABLE, "AVX2"));

  @Test
  void onAnAvx2OnlyCpuOneDnnTrainsAndEigenInfers() {
    OneDnnChoice training = OneDnnChooser.choose(CpuClass.AVX2, Workload.TRAINING);
    assertTrue(training.on());
    assertEquals(OneDnnChoice.Source.AUTO, training.source());
    assertEquals("oneDNN on (AVX2-only CPU: measured faster for training)", training.describe());
    OneDnnChoice inference = OneDnnChooser.choose(CpuClass.AVX2, Workload.INFERENCE);
    assertFalse(inference.on());
    assertEquals("Eigen", inference.library());
  }

  @Test
  void anAvx512CpuWithoutVnniRunsOneDnnThoughTensorFlowWouldNot() {
    assertFalse(CpuFeatures.typicalOf(CpuClass.AVX512).tensorFlowTurnsOneDnnOn());
    assertEquals("oneDNN on (AVX-512-no-VNNI CPU: measured faster for inference, by emulation)",
        OneDnnChooser.choose(CpuClass.AVX512, Workload.INFERENCE).describe());
    assertTrue(OneDnnChooser.choose(CpuClass.AVX512, Workload.TRAINING).on());
  }

  @Test
  void fromAvx512UpOneDnnRunsEverything() {
    for (CpuClass cpuClass : new CpuClass[] {CpuClass.AVX512, CpuClass.AVX512_VNNI, CpuClass.AVX512_BF16,
        CpuClass.AMX}) {
      for (Workload workload : Workload.values()) {
        assertTrue(OneDnnChooser.choose(cpuClass, workload).on(), cpuClass + " " + workload);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(CpuClass.class)
  void everyChoiceNamesItsClass(CpuClass cpuClass) {
    for (Workload workload : Workload.values()) {
      OneDnnChoice choice = OneDnnChooser.choose(cpuClass, workload);
      assertTrue(choice.reason().startsWith(cpuClass.label() + " CPU: "), choice.reason());
    }
  }

  @Test
  void theLauncherSetsTheSwitchExplicitlyAndTheChildKnowsWhy() {
    Map<String, String> child = OneDnnChooser.childEnvironment(Map.of(), ZEN3, Workload.TRAINING);
    assertEquals(Map.of("TF_ENABLE_ONEDNN_OPTS", "1", "TFTRAIN_ONEDNN_CHOSEN_FOR", "training"), child);
    assertEquals(OneDnnChooser.choose(CpuClass.AVX2, Workload.TRAINING), OneDnnChooser.inThisProcess(child, ZEN3));
    // Also where it is TensorFlow's default: the default follows the real CPU, not the emulated class.
    Map<String, String> capped = OneDnnChooser.childEnvironment(Map.of(), ZEN4_AS_AVX2, Workload.INFERENCE);
    assertEquals("0", capped.get("TF_ENABLE_ONEDNN_OPTS"));
    assertEquals("oneDNN off (AVX2-only CPU, emulated by ONEDNN_MAX_CPU_ISA=AVX2: Eigen measured as fast or faster"
        + " for inference)",
        OneDnnChooser.inThisProcess(capped, ZEN4_AS_AVX2).describe());
  }

  @Test
  void theUsersOwnSwitchAlwaysWins() {
    Map<String, String> user = Map.of("TF_ENABLE_ONEDNN_OPTS", "0");
    assertEquals(Map.of(), OneDnnChooser.childEnvironment(user, ZEN3, Workload.TRAINING));
    OneDnnChoice mine = OneDnnChooser.inThisProcess(user, ZEN3);
    assertEquals("oneDNN off (TF_ENABLE_ONEDNN_OPTS=0, yours)", mine.describe());
    assertEquals(OneDnnChoice.Source.USER, mine.source());
    assertEquals(mine, OneDnnChooser.forWorkload(user, ZEN3, Workload.INFERENCE));
  }

  @Test
  void withoutTheLauncherTensorFlowsDefaultForTheCpuApplies() {
    assertEquals("oneDNN off (TensorFlow's default on this CPU)",
        OneDnnChooser.inThisProcess(Map.of(), ZEN3).describe());
    assertEquals("oneDNN on (TensorFlow's default on this CPU)",
        OneDnnChooser.inThisProcess(Map.of(), ZEN4).describe());
    OneDnnChoice ignored = OneDnnChooser.inThisProcess(Map.of("TF_ENABLE_ONEDNN_OPTS", "yes"), ZEN3);
    assertEquals(OneDnnChoice.Source.TENSORFLOW_DEFAULT, ignored.source());
    assertTrue(ignored.reason().startsWith("TF_ENABLE_ONEDNN_OPTS=yes is not 0 or 1"), ignored.reason());
  }

  @Test
  void benchTellsWhatPredictWouldRunBesideItsOwnTrainingChoice() {
    Map<String, String> benchChild = new HashMap<>(OneDnnChooser.childEnvironment(Map.of(), ZEN3, Workload.TRAINING));
    assertTrue(OneDnnChooser.inThisProcess(benchChild, ZEN3).on());
    OneDnnChoice predict = OneDnnChooser.forWorkload(benchChild, ZEN3, Workload.INFERENCE);
    assertEquals(OneDnnChooser.choose(CpuClass.AVX2, Workload.INFERENCE), predict);
  }
}
