package dev.knm.watch;

import dev.knm.kube.model.NodeSummary;
import java.time.Instant;
import java.util.List;

/**
 * One watched cluster as its informer's cache has it now, for screens and endpoints: no API call is
 * made to build it.
 *
 * @param state where the informer is now
 * @param synced whether it has completed a list at least once (what readiness waits for); stays
 *     true while it reconnects, its cache then being the last known state
 * @param nodeCount nodes in the cache; {@code ready} of them Ready, {@code notReady} not (NotReady
 *     or Unknown), {@code cordoned} unschedulable
 * @param cpuMillis allocatable totals over the cached nodes ({@code memoryBytes}, {@code gpus}
 *     likewise)
 * @param kubernetesVersion the API server's version, read when it last listed (null if unknown)
 * @param resourceVersion the last resourceVersion seen (list, event or bookmark)
 * @param lastContact when the server last sent something (list page, event, bookmark)
 * @param syncedAt when the last list completed
 * @param lastError why the last attempt failed (one line), null once it works again
 * @param nodes the cached nodes, sorted by name
 */
public record ClusterSnapshot(
    String cluster,
    ConnectionState state,
    boolean synced,
    int nodeCount,
    int ready,
    int notReady,
    int cordoned,
    long cpuMillis,
    long memoryBytes,
    long gpus,
    String kubernetesVersion,
    String resourceVersion,
    Instant lastContact,
    Instant syncedAt,
    String lastError,
    List<NodeSummary> nodes) {}
