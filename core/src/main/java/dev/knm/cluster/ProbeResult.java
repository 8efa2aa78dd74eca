package dev.knm.cluster;

/**
 * What a probe read from a live API server. Node figures are null for a version-only probe, or when
 * the node list could not be read ({@code nodesError} then says why, in one line).
 * cpuMillis/memoryBytes/gpus are allocatable totals over all nodes.
 */
public record ProbeResult(
    String kubernetesVersion,
    Integer nodeCount,
    Integer readyNodes,
    Long cpuMillis,
    Long memoryBytes,
    Long gpus,
    String nodesError) {

  public ProbeResult(
      String kubernetesVersion,
      Integer nodeCount,
      Integer readyNodes,
      Long cpuMillis,
      Long memoryBytes,
      Long gpus) {
    this(kubernetesVersion, nodeCount, readyNodes, cpuMillis, memoryBytes, gpus, null);
  }
}
