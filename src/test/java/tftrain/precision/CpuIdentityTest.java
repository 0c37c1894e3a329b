package tftrain.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import tftrain.runtime.CpuClass;

class CpuIdentityTest {

  @Test
  void readsTheFirstProcessorsModelFamilyAndBf16Flags() {
    String cpuinfo = """
        processor\t: 0
        vendor_id\t: AuthenticAMD
        cpu family\t: 26
        model name\t: AMD EPYC 9R45
        flags\t\t: fpu avx512f avx512_bf16 avx512_vnni

        processor\t: 1
        cpu family\t: 99
        model name\t: other
        flags\t\t: fpu amx_bf16
        """;
    CpuIdentity cpu = CpuIdentity.parse(cpuinfo);
    assertEquals(new CpuIdentity("AMD EPYC 9R45", 26, CpuClass.AVX512_BF16), cpu);
    assertEquals("AMD EPYC 9R45 (family 26, AVX-512-bf16)", cpu.description());
  }

  @Test
  void aCpuWithoutBf16FlagsHasNoNativeBf16() {
    CpuIdentity cpu = CpuIdentity.parse("cpu family\t: 6\nmodel name\t: Xeon\nflags\t: fpu avx2 fma avx512f\n");
    assertEquals(false, cpu.hasNativeBf16());
    assertEquals("Xeon (family 6, AVX-512-no-VNNI)", cpu.description());
  }
}
