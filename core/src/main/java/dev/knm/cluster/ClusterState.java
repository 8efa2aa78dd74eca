package dev.knm.cluster;

import java.time.Instant;
import java.util.UUID;

/**
 * The cached result of the last probe of a cluster (table cluster_states). Counts are null when the
 * probe did not read them (a /version-only check, or an unreachable cluster).
 */
public record ClusterState(
    UUID clusterId,
    ClusterStatus status,
    Integer nodeCount,
    Integer readyNodes,
    Long cpuMillis,
    Long memoryBytes,
    Long gpus,
    String kubernetesVersion,
    Instant lastHeartbeat,
    String lastError,
    Instant checkedAt,
    long timeoutCount) {

  /** The state of a cluster that was never probed. */
  public static ClusterState unknown(UUID clusterId) {
    return new ClusterState(
        clusterId, ClusterStatus.UNKNOWN, null, null, null, null, null, null, null, null, null, 0);
  }
}
