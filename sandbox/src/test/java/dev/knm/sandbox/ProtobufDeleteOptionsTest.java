package dev.knm.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ProtobufDeleteOptionsTest {
  @Test
  void reads_the_grace_period_kubectl_sends_with_a_delete() {
    // kubectl 1.32 drain --disable-eviction --grace-period=1, as sent to the sandbox
    byte[] body =
        HexFormat.of()
            .parseHex("6b3873000a130a027631120d44656c6574654f7074696f6e73120208011a002200");
    assertThat(ProtobufDeleteOptions.gracePeriodSeconds(body)).isEqualTo(1L);
  }

  @Test
  void no_grace_period_is_null_and_a_body_without_the_envelope_is_refused() {
    byte[] none =
        HexFormat.of().parseHex("6b3873000a130a027631120d44656c6574654f7074696f6e7312001a002200");
    assertThat(ProtobufDeleteOptions.gracePeriodSeconds(none)).isNull();
    assertThatThrownBy(() -> ProtobufDeleteOptions.gracePeriodSeconds(new byte[] {1, 2}))
        .isInstanceOf(ApiException.class)
        .hasMessage("a protobuf body without the k8s envelope");
  }
}
