package dev.knm.cluster;

/**
 * What a probe read from a live API server. Node figures are null for a version-only probe.
 * cpuMillis/memoryBytes/gpus are allocatable totals over all nodes.
 */
public record ProbeResult(
    String kubernetesVersion,
    Integer nodeCount,
    Integer readyNodes,
    Long cpuMillis,
    Long memoryBytes,
    Long gpus) {}
