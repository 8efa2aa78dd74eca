package dev.knm.kube.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiStatusTest {
  private static ApiStatus parse(String body) {
    return ApiStatus.parse(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void a_410_status_gives_its_reason_message_and_fresh_token() {
    // given the Status kube-apiserver sends for an expired continue token
    String gone =
        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{\"continue\":\"fresh\"},"
            + "\"status\":\"Failure\",\"message\":\"The provided continue parameter is too old\","
            + "\"reason\":\"Expired\",\"code\":410}";
    // when / then
    assertThat(parse(gone))
        .isEqualTo(
            new ApiStatus(
                "Expired", "The provided continue parameter is too old", "fresh", null, List.of()));
  }

  @Test
  void a_429_status_gives_its_retry_after() {
    String busy =
        "{\"kind\":\"Status\",\"reason\":\"TooManyRequests\",\"details\":{\"causes\":[{}],"
            + "\"retryAfterSeconds\":3},\"message\":\"slow down\"}";
    assertThat(parse(busy))
        .isEqualTo(new ApiStatus("TooManyRequests", "slow down", null, 3, List.of()));
  }

  @Test
  void an_eviction_429_names_the_disruption_budget_in_its_causes() {
    String blocked =
        "{\"kind\":\"Status\",\"status\":\"Failure\",\"message\":\"Cannot evict pod as it"
            + " would violate the pod's disruption budget.\",\"reason\":\"TooManyRequests\","
            + "\"details\":{\"causes\":[{\"reason\":\"DisruptionBudget\",\"message\":\"The"
            + " disruption budget web needs 2 healthy pods and has 2 currently\"},{\"x\":1},7]},"
            + "\"code\":429}";
    assertThat(parse(blocked).causes())
        .containsExactly("The disruption budget web needs 2 healthy pods and has 2 currently");
    assertThat(parse(blocked).retryAfterSeconds()).isNull();
  }

  @Test
  void fields_of_another_type_and_bodies_that_are_no_status_count_as_absent() {
    assertThat(
            parse(
                "{\"reason\":7,\"message\":null,\"metadata\":{\"continue\":1},"
                    + "\"details\":{\"retryAfterSeconds\":0}}"))
        .isEqualTo(ApiStatus.NONE);
    assertThat(parse("{\"details\":{\"retryAfterSeconds\":\"5\"}}")).isEqualTo(ApiStatus.NONE);
    assertThat(parse("<html>502 Bad Gateway</html>")).isEqualTo(ApiStatus.NONE);
    assertThat(parse("{\"reason\":\"cut")).isEqualTo(ApiStatus.NONE);
    assertThat(ApiStatus.parse(null)).isEqualTo(ApiStatus.NONE);
  }
}
