package dev.knm.cluster;

import dev.knm.error.ClusterUnreachableException;

/**
 * Asks a cluster's API server how it is. Implemented in dev.knm.kube; ClusterService depends only
 * on this interface so it can be tested without a server.
 */
public interface ClusterProbe {

  enum Depth {
    /** GET /version only, with a short timeout: "does it answer at all". */
    VERSION,
    /**
     * /version, which must answer, then the node list for the counts (import): when only the node
     * list fails (a user who may not list nodes, a timeout) the result has no node figures and
     * {@link ProbeResult#nodesError()} says why.
     */
    VERSION_THEN_NODES,
    /** /version and the node list, both must answer: counts, readiness, totals (list --refresh). */
    NODES
  }

  /**
   * @param clusterName for messages only
   * @param kubeconfigYaml a flattened, self-contained, single-context kubeconfig (a secret: never
   *     log or echo it)
   * @param deadline the command's deadline: requests are bounded by what is left of it
   * @throws ClusterUnreachableException when the server does not answer in time or answers with an
   *     error; the message names the cluster and the cause
   * @throws dev.knm.error.CredentialsRejectedException when it refuses the credentials
   */
  ProbeResult probe(String clusterName, String kubeconfigYaml, Depth depth, Deadline deadline);

  /** Without a deadline. */
  default ProbeResult probe(String clusterName, String kubeconfigYaml, Depth depth) {
    return probe(clusterName, kubeconfigYaml, depth, Deadline.none());
  }
}
