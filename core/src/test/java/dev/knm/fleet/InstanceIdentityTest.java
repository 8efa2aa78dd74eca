package dev.knm.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InstanceIdentityTest {
  private static final InstanceAddress ADDRESS = new InstanceAddress("10.1.2.3", 8080);

  @Test
  void podNameThenHostnameThenNodeIdThenAddress() {
    assertThat(
            InstanceIdentity.of(
                Map.of("POD_NAME", "knm-0", "HOSTNAME", "h", "NODE_ID", "n"), ADDRESS))
        .isEqualTo(new InstanceIdentity("knm-0", "POD_NAME"));
    assertThat(InstanceIdentity.of(Map.of("HOSTNAME", "h", "NODE_ID", "n"), ADDRESS))
        .isEqualTo(new InstanceIdentity("h", "HOSTNAME"));
    assertThat(InstanceIdentity.of(Map.of("HOSTNAME", " ", "NODE_ID", "n"), ADDRESS))
        .isEqualTo(new InstanceIdentity("n", "NODE_ID"));
    assertThat(InstanceIdentity.of(Map.of(), ADDRESS))
        .isEqualTo(new InstanceIdentity("10.1.2.3:8080", "address"));
  }
}
