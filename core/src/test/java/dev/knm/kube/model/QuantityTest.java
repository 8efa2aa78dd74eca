package dev.knm.kube.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QuantityTest {

  @Test
  void cpu_quantities_in_millicores() {
    assertThat(Quantity.cpuMillis("100m")).isEqualTo(100);
    assertThat(Quantity.cpuMillis("2")).isEqualTo(2000);
    assertThat(Quantity.cpuMillis("1.5")).isEqualTo(1500);
    assertThat(Quantity.cpuMillis("0.1")).isEqualTo(100);
    assertThat(Quantity.cpuMillis("250000u")).isEqualTo(250);
    assertThat(Quantity.cpuMillis("1n")).isEqualTo(1);
    assertThat(Quantity.cpuMillis("1e3")).isEqualTo(1_000_000);
  }

  @Test
  void memory_quantities_in_bytes() {
    assertThat(Quantity.whole("1Gi")).isEqualTo(1_073_741_824L);
    assertThat(Quantity.whole("128Mi")).isEqualTo(134_217_728L);
    assertThat(Quantity.whole("1.5Gi")).isEqualTo(1_610_612_736L);
    assertThat(Quantity.whole("500M")).isEqualTo(500_000_000L);
    assertThat(Quantity.whole("1k")).isEqualTo(1000);
    assertThat(Quantity.whole("32781868Ki")).isEqualTo(33_568_632_832L);
    assertThat(Quantity.whole("128974848")).isEqualTo(128_974_848L);
    assertThat(Quantity.whole("1E")).isEqualTo(1_000_000_000_000_000_000L);
    assertThat(Quantity.whole("1.5")).isEqualTo(2);
  }

  @Test
  void malformed_quantities_are_rejected_or_zero() {
    assertThatThrownBy(() -> Quantity.parse("1 Gi"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a quantity: 1 Gi");
    assertThat(Quantity.wholeOrZero("abc")).isZero();
    assertThat(Quantity.cpuMillisOrZero(null)).isZero();
  }
}
