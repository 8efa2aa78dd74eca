package dev.knm.kube.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RejectedCredentialsTest {

  @Test
  void names_the_verb_and_resource_as_rbac_does() {
    assertThat(RejectedCredentials.verbAndResource("GET", "/api/v1/nodes", Map.of()))
        .isEqualTo("list nodes");
    assertThat(RejectedCredentials.verbAndResource("GET", "/api/v1/nodes/n1", Map.of()))
        .isEqualTo("get nodes/n1");
    assertThat(RejectedCredentials.verbAndResource("GET", "/api/v1/pods", Map.of()))
        .isEqualTo("list pods in all namespaces");
    assertThat(RejectedCredentials.verbAndResource("GET", "/api/v1/namespaces/a/pods", Map.of()))
        .isEqualTo("list pods in namespace a");
    assertThat(RejectedCredentials.verbAndResource("GET", "/api/v1/nodes", Map.of("watch", "true")))
        .isEqualTo("watch nodes");
    assertThat(
            RejectedCredentials.verbAndResource(
                "GET", "/apis/policy/v1/namespaces/a/poddisruptionbudgets/p", Map.of()))
        .isEqualTo("get poddisruptionbudgets/p in namespace a");
    assertThat(RejectedCredentials.verbAndResource("GET", "/version", Map.of()))
        .isEqualTo("get /version");
  }

  @Test
  void never_quotes_the_servers_message() {
    KubeApiException k =
        new KubeApiException(
            "GET", "/api/v1/nodes", 403, "Forbidden", "User \"token-abc\" cannot", null, null);

    assertThat(RejectedCredentials.of("lab", k, Map.of()).getMessage())
        .isEqualTo(
            "the server refused the credentials of cluster lab (403 Forbidden): they may not list"
                + " nodes")
        .doesNotContain("token-abc");
  }
}
