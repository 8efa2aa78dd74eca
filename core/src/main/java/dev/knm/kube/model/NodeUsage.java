package dev.knm.kube.model;

/** What a node's non-terminated pods request: cpu millicores, memory bytes, nvidia.com/gpu. */
public record NodeUsage(
    String node, int pods, long cpuRequestMillis, long memoryRequestBytes, long gpuRequests) {}
