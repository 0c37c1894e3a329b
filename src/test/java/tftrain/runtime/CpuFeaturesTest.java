package tftrain.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tftrain.BadInputException;

class CpuFeaturesTest {

  @Test
  void realFlagListsLandInTheirClass() {
    // Trimmed flag lists of real CPUs: Zen 3, Skylake-SP, Ice Lake-SP, Zen 4, Sapphire Rapids, Alder Lake.
    assertEquals(CpuClass.AVX2, CpuFeatures.fromFlags("fpu sse4_2 avx fma avx2 bmi2").cpuClass());
    assertEquals(CpuClass.AVX512, CpuFeatures.fromFlags("avx fma avx2 avx512f avx512dq avx512cd avx512bw").cpuClass());
    assertEquals(CpuClass.AVX512_VNNI, CpuFeatures.fromFlags("fma avx2 avx512f avx512_vnni").cpuClass());
    assertEquals(CpuClass.AVX512_BF16, CpuFeatures.fromFlags("fma avx2 avx512f avx512_vnni avx512_bf16").cpuClass());
    assertEquals(CpuClass.AMX,
        CpuFeatures.fromFlags("fma avx2 avx512f avx512_vnni avx512_bf16 avx_vnni amx_bf16 amx_tile amx_int8")
            .cpuClass());
    CpuFeatures alderLake = CpuFeatures.fromFlags("fma avx2 avx_vnni");
    assertEquals(CpuClass.AVX2, alderLake.cpuClass());
    assertTrue(alderLake.tensorFlowTurnsOneDnnOn(), "TensorFlow's default counts AVX-VNNI");
    assertEquals(CpuClass.BELOW_AVX2, CpuFeatures.fromFlags("fpu sse4_2 avx").cpuClass());
  }

  @Test
  void tensorFlowsDefaultIsOnOnlyFromVnniUp() {
    assertFalse(CpuFeatures.typicalOf(CpuClass.AVX2).tensorFlowTurnsOneDnnOn());
    assertFalse(CpuFeatures.typicalOf(CpuClass.AVX512).tensorFlowTurnsOneDnnOn());
    assertTrue(CpuFeatures.typicalOf(CpuClass.AVX512_VNNI).tensorFlowTurnsOneDnnOn());
    assertTrue(CpuFeatures.typicalOf(CpuClass.AMX).tensorFlowTurnsOneDnnOn());
  }

  @ParameterizedTest
  @EnumSource(CpuClass.class)
  void theSeamMakesAnyMachineACpuOfTheNamedClass(CpuClass cpuClass) {
    assertEquals(cpuClass, CpuFeatures.typicalOf(cpuClass).cpuClass());
    assertEquals(cpuClass, CpuFeatures.hardware(cpuClass.key(), Map.of()).cpuClass(), "system property");
    assertEquals(cpuClass,
        CpuFeatures.hardware(null, Map.of(CpuFeatures.OVERRIDE_VARIABLE, cpuClass.key())).cpuClass());
    assertEquals(cpuClass,
        CpuFeatures.hardware(cpuClass.key(), Map.of(CpuFeatures.OVERRIDE_VARIABLE, "below-avx2")).cpuClass(),
        "the property wins over the environment");
  }

  @Test
  void theFirstProcessorsFlagsCountAndAnUnknownClassIsABadInput() {
    assertEquals(CpuClass.AVX2,
        CpuFeatures.fromCpuinfo("processor\t: 0\nflags\t\t: fma avx2\n\nprocessor\t: 1\nflags\t\t: avx512f\n")
            .cpuClass());
    assertEquals(CpuClass.BELOW_AVX2, CpuFeatures.fromCpuinfo("no flags here").cpuClass());
    BadInputException error = assertThrows(BadInputException.class, () -> CpuClass.parse("avx3"));
    assertTrue(error.getMessage().contains("avx2, avx512, avx512-vnni"), error.getMessage());
    assertEquals(CpuClass.AVX512_BF16, CpuClass.parse("AVX512_BF16"));
  }
}
