package dev.knm.cluster;

import dev.knm.cluster.kubeconfig.KubeconfigSource;
import dev.knm.kube.TestPki;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** Kubeconfigs with recognisable secrets. */
final class Fixtures {
  static final String TOKEN = "tok-5ecr3t-ZZQX-0123456789abcdef";
  // a real key and certificate: import checks that they parse
  private static final TestPki.Issued CLIENT = new TestPki("fixtures-ca").client("ci", "RSA");
  static final String KEY_PEM = CLIENT.pkcs8KeyPem();

  /** The second line of the key's PEM: a piece of key material to look for. */
  static final String KEY_PEM_BODY = KEY_PEM.lines().skip(1).findFirst().orElseThrow();

  static final String CERT_PEM = CLIENT.certPem();
  static final String KEY_B64 =
      Base64.getEncoder().encodeToString(KEY_PEM.getBytes(StandardCharsets.US_ASCII));
  static final String CERT_B64 =
      Base64.getEncoder().encodeToString(CERT_PEM.getBytes(StandardCharsets.US_ASCII));

  static final String TWO_CONTEXTS =
      """
      apiVersion: v1
      kind: Config
      current-context: prod-admin
      clusters:
      - name: prod
        cluster:
          server: https://prod.example.com:6443
      - name: Staging_EU
        cluster:
          server: https://staging.example.com:6443
      users:
      - name: admin
        user:
          token: %s
      - name: ci
        user:
          client-certificate-data: %s
          client-key-data: %s
      contexts:
      - name: prod-admin
        context:
          cluster: prod
          user: admin
      - name: Staging_EU
        context:
          cluster: Staging_EU
          user: ci
      """
          .formatted(TOKEN, CERT_B64, KEY_B64);

  static KubeconfigSource source() {
    return new KubeconfigSource("config.yaml", TWO_CONTEXTS.getBytes(StandardCharsets.UTF_8), null);
  }

  static ImportRequest request(String name, Map<String, String> labels, boolean verify) {
    return new ImportRequest(name, source(), null, false, labels, "desc of " + name, false, verify);
  }

  private Fixtures() {}
}
