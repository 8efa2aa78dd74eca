package dev.knm.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.knm.error.UsageException;
import org.junit.jupiter.api.Test;

class InstanceAddressTest {
  @Test
  void parsesHostPortAndBracketedIpv6() {
    assertThat(InstanceAddress.parse("10.0.0.5:8080", "X"))
        .isEqualTo(new InstanceAddress("10.0.0.5", 8080));
    assertThat(InstanceAddress.parse(" knm-0.knm:9000 ", "X"))
        .isEqualTo(new InstanceAddress("knm-0.knm", 9000));
    InstanceAddress v6 = InstanceAddress.parse("[fd00::5]:8080", "X");
    assertThat(v6.host()).isEqualTo("fd00::5");
    assertThat(v6).hasToString("[fd00::5]:8080");
    assertThat(v6.uri("http", "/x").toString()).isEqualTo("http://[fd00::5]:8080/x");
  }

  @Test
  void refusesMalformedAddressesNamingWhereTheyCameFrom() {
    for (String bad : new String[] {"host", ":80", "h:", "h:99999", "h:8x", "fd00::5:80", ""}) {
      assertThatThrownBy(() -> InstanceAddress.parse(bad, "INSTANCE_ADDRESSES"))
          .isInstanceOf(UsageException.class)
          .hasMessage(
              "invalid instance address '" + bad + "' in INSTANCE_ADDRESSES: expected HOST:PORT");
    }
  }
}
