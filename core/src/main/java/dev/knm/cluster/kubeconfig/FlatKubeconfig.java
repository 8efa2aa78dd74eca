package dev.knm.cluster.kubeconfig;

import java.util.Set;

/**
 * One context of a kubeconfig, made self-contained: every referenced file inlined as *-data, only
 * this context's cluster/user/context entries, current-context set to it. {@code yaml} is secret.
 */
public record FlatKubeconfig(
    String context, String server, String user, Set<AuthKind> auth, String yaml) {

  public FlatKubeconfig {
    auth = Set.copyOf(auth);
  }

  @Override
  public String toString() {
    // never print the yaml: it holds credentials
    return "FlatKubeconfig[context=" + context + ", server=" + server + ", auth=" + auth + "]";
  }
}
