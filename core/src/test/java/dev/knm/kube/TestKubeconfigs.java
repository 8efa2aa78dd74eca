package dev.knm.kube;

/** Flat single-context kubeconfigs for transport tests: cluster c, user u, context x. */
public final class TestKubeconfigs {
  private TestKubeconfigs() {}

  /**
   * @param clusterYaml extra lines of the cluster section, indented by 4 (or "")
   * @param userYaml lines of the user section, indented by 4 (or "" for no user fields)
   */
  public static String flat(String server, String caPem, String clusterYaml, String userYaml) {
    return "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: "
        + server
        + "\n"
        + (caPem == null ? "" : "    certificate-authority-data: " + TestPki.b64(caPem) + "\n")
        + clusterYaml
        + "users:\n- name: u\n  user:\n"
        + (userYaml.isEmpty() ? "    {}\n" : userYaml)
        + "contexts:\n- name: x\n  context:\n    cluster: c\n    user: u\n    namespace: team-a\n"
        + "current-context: x\n";
  }

  public static String token(String server, String caPem, String token) {
    return flat(server, caPem, "", "    token: " + token + "\n");
  }

  public static String clientCert(String server, String caPem, String certPem, String keyPem) {
    return flat(
        server,
        caPem,
        "",
        "    client-certificate-data: "
            + TestPki.b64(certPem)
            + "\n    client-key-data: "
            + TestPki.b64(keyPem)
            + "\n");
  }
}
