package dev.knm.fleet;

/**
 * One cluster an instance watches, as {@code /api/v1/clusters} and the metrics show it.
 *
 * @param name the cluster's name
 * @param state the informer's state: connecting, synced, reconnecting, failed, stopped
 * @param synced true once its informer has listed the nodes at least once
 * @param nodes nodes in the informer's cache
 * @param lastError the last error seen (one line, no secret), or null
 */
public record WatchedCluster(
    String name, String state, boolean synced, int nodes, String lastError) {}
