package tftrain.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EffectiveCpuTest {

  private static EffectiveCpu zen4(String cap) {
    return EffectiveCpu.of("avx512-bf16", cap == null ? Map.of() : Map.of(EffectiveCpu.ISA_CAP_VARIABLE, cap));
  }

  @Test
  void aCapMakesTheCpuBehaveAsTheLowerClass() {
    assertEquals(CpuClass.AVX2, zen4("AVX2").cpuClass());
    assertEquals(CpuClass.AVX2, zen4("avx2_vnni").cpuClass());
    assertEquals(CpuClass.AVX512, zen4("AVX512_CORE").cpuClass());
    assertEquals(CpuClass.AVX512_VNNI, zen4("AVX512_CORE_VNNI").cpuClass());
    assertEquals(CpuClass.BELOW_AVX2, zen4("SSE41").cpuClass());
    assertTrue(zen4("AVX2").isEmulated());
    assertEquals("AVX2-only (emulated: ONEDNN_MAX_CPU_ISA=AVX2 on an AVX-512-bf16 CPU)",
        zen4("AVX2").description());
    assertEquals("AVX2", zen4("AVX2").isaCapDescription());
  }

  @Test
  void aCapAboveTheCpuOrUnknownToOneDnnChangesNothing() {
    for (String cap : new String[] {null, "", "AVX512_CORE_AMX", "DEFAULT", "AVX512_CORE_BF16", "FANCY"}) {
      assertEquals(CpuClass.AVX512_BF16, zen4(cap).cpuClass(), String.valueOf(cap));
      assertFalse(zen4(cap).isEmulated(), String.valueOf(cap));
    }
    assertEquals("none", zen4(null).isaCapDescription());
    assertEquals("AVX-512-bf16", zen4(null).description());
  }
}
