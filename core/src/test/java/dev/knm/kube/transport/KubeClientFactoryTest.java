package dev.knm.kube.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;

class KubeClientFactoryTest {

  private static final String YAML =
      """
      apiVersion: v1
      kind: Config
      clusters:
      - name: prod
        cluster:
          server: https://10.0.0.1:6443
          certificate-authority-data: Q0EtREFUQQ==
          extensions:
          - name: client.authentication.k8s.io/exec
            extension: {audience: x}
      users:
      - name: admin
        user:
          client-certificate-data: Q0VSVA==
          client-key-data: S0VZ
          exec:
            apiVersion: client.authentication.k8s.io/v1beta1
            command: aws
            args: [eks, get-token]
      contexts:
      - name: prod-ctx
        context: {cluster: prod, user: admin, namespace: team-a}
      current-context: prod-ctx
      preferences: {}
      """;

  @Test
  void flat_kubeconfig_is_parsed_without_reading_anything_else() throws Exception {
    Config c = KubeClientFactory.parse(YAML);

    assertThat(c.getMasterUrl()).isEqualTo("https://10.0.0.1:6443/");
    assertThat(c.getCaCertData()).isEqualTo("Q0EtREFUQQ==");
    assertThat(c.getClientCertData()).isEqualTo("Q0VSVA==");
    assertThat(c.getClientKeyData()).isEqualTo("S0VZ");
    assertThat(c.getNamespace()).isEqualTo("team-a");
    assertThat(c.getCurrentContext().getName()).isEqualTo("prod-ctx");
    assertThat(c.getAuthProvider()).isNull();
  }

  @Test
  void client_has_fabric8_retry_off_and_tier_timeouts() {
    try (KubernetesClient k =
        KubeClientFactory.kubernetesClient("prod", tokenOnly(), TimeoutTier.HUGE)) {
      assertThat(k.getConfiguration().getRequestRetryBackoffLimit()).isZero();
      assertThat(k.getConfiguration().getRequestTimeout()).isEqualTo(90_000);
      assertThat(k.getConfiguration().getConnectionTimeout()).isEqualTo(10_000);
      assertThat(k.getConfiguration().getAutoOAuthToken()).isEqualTo("t");
      assertThat(k.getHttpClient().getClass().getName()).contains("jdkhttp");
    }
  }

  private static String tokenOnly() {
    return "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: http://127.0.0.1:1\n"
        + "users:\n- name: u\n  user:\n    token: t\ncontexts:\n- name: x\n  context:\n    cluster: c\n"
        + "    user: u\ncurrent-context: x\n";
  }
}
