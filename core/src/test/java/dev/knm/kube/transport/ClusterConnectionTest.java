package dev.knm.kube.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.knm.kube.TestKubeconfigs;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ClusterConnectionTest {

  @Test
  void token_kubeconfig_is_served_by_the_lean_transport() {
    ClusterConnection c =
        ClusterConnection.parse(TestKubeconfigs.token("https://10.0.0.1:6443/", null, "s3cr3t"));

    assertThat(c.fabric8Reasons()).isEmpty();
    assertThat(c.server()).isEqualTo(URI.create("https://10.0.0.1:6443"));
    assertThat(c.namespace()).isEqualTo("team-a");
    assertThat(c.token()).isEqualTo("s3cr3t");
    assertThat(c.caPem()).isNull();
    assertThat(c.insecure()).isFalse();
    assertThat(c.compression()).isTrue();
    assertThat(c.toString())
        .isEqualTo("ClusterConnection[server=https://10.0.0.1:6443, fabric8Reasons=[]]");
  }

  @Test
  void what_only_fabric8_does_is_named() {
    String yaml =
        TestKubeconfigs.flat(
            "https://10.0.0.1:6443",
            null,
            "    tls-server-name: api.internal\n    proxy-url: http://proxy:3128\n",
            "    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws\n"
                + "    auth-provider:\n      name: oidc\n    as: admin\n");

    assertThat(ClusterConnection.parse(yaml).fabric8Reasons())
        .containsExactly(
            "exec credential plugin",
            "auth-provider",
            "tls-server-name",
            "proxy-url",
            "impersonation (as)");
  }

  @Test
  void ambiguous_credentials_stay_with_fabric8() {
    String both =
        TestKubeconfigs.flat(
            "https://h", null, "", "    token: t\n    username: u\n    password: p\n");
    String half = TestKubeconfigs.flat("https://h", null, "", "    client-key-data: S0VZ\n");

    assertThat(ClusterConnection.parse(both).fabric8Reasons())
        .containsExactly("both token and basic auth");
    assertThat(ClusterConnection.parse(half).fabric8Reasons())
        .containsExactly("client certificate without its key, or key without certificate");
  }

  @Test
  void insecure_and_disable_compression_are_read() {
    ClusterConnection c =
        ClusterConnection.parse(
            TestKubeconfigs.flat(
                "https://h:1",
                null,
                "    insecure-skip-tls-verify: true\n    disable-compression: true\n",
                ""));

    assertThat(c.insecure()).isTrue();
    assertThat(c.compression()).isFalse();
    assertThat(c.namespace()).isEqualTo("team-a");
    assertThat(c.token()).isNull();
    assertThat(c.fabric8Reasons()).isEmpty();
  }

  @Test
  void data_fields_are_base64_or_raw_pem() {
    String pem = "-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----";
    String b64 = TestKubeconfigs.flat("https://h", pem, "", "");
    String raw =
        TestKubeconfigs.flat(
            "https://h",
            null,
            "    certificate-authority-data: |\n      " + pem.replace("\n", "\n      ") + "\n",
            "");

    assertThat(new String(ClusterConnection.parse(b64).caPem())).isEqualTo(pem);
    assertThat(new String(ClusterConnection.parse(raw).caPem())).isEqualTo(pem);
  }

  @Test
  void unreadable_kubeconfig_is_refused_without_quoting_it() {
    assertThatThrownBy(() -> ClusterConnection.parse("{{{ token: s3cr3t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not valid YAML");
    assertThatThrownBy(
            () -> ClusterConnection.parse(TestKubeconfigs.token("ftp://s3cr3t@h", null, "t")))
        .hasMessage("server is not an http(s) URL");
  }
}
