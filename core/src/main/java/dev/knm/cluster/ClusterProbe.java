package dev.knm.cluster;

import dev.knm.error.ClusterUnreachableException;

/**
 * Asks a cluster's API server how it is. Implemented in dev.knm.kube; ClusterService depends only
 * on this interface so it can be tested without a server.
 */
public interface ClusterProbe {

  enum Depth {
    /** GET /version only, with a short timeout: "does it answer at all" (import). */
    VERSION,
    /** /version and the node list: counts, readiness, allocatable totals (list --refresh). */
    NODES
  }

  /**
   * @param clusterName for messages only
   * @param kubeconfigYaml a flattened, self-contained, single-context kubeconfig (a secret: never
   *     log or echo it)
   * @throws ClusterUnreachableException when the server does not answer in time, refuses the
   *     credentials, or answers with an error; the message names the cluster and the cause
   */
  ProbeResult probe(String clusterName, String kubeconfigYaml, Depth depth);
}
