package dev.knm.cluster;

import dev.knm.cluster.kubeconfig.AuthKind;
import java.util.Set;

/**
 * Everything `knm describe cluster` shows. Auth kinds and user name come from opening the sealed
 * kubeconfig, which also proves the key.
 */
public record ClusterDetails(Cluster cluster, ClusterState state, String user, Set<AuthKind> auth) {
  public ClusterDetails {
    auth = Set.copyOf(auth);
  }
}
