package dev.knm.cluster.kubeconfig;

/** How a kubeconfig user authenticates, by kind only (never the credential itself). */
public enum AuthKind {
  TOKEN("token"),
  CLIENT_CERTIFICATE("client certificate"),
  BASIC("basic auth"),
  EXEC("exec plugin"),
  AUTH_PROVIDER("auth provider"),
  NONE("none");

  private final String label;

  AuthKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
