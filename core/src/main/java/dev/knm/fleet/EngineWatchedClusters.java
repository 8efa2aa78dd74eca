package dev.knm.fleet;

import dev.knm.cluster.OpenedCluster;
import dev.knm.kube.model.NodeSummary;
import dev.knm.kube.transport.TimeoutTier;
import dev.knm.watch.ClusterSnapshot;
import dev.knm.watch.WatchEngine;
import dev.knm.watch.WatchTarget;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@link WatchedClusters} over knm watch's {@link WatchEngine}: a reload starts (or restarts) one
 * cluster's informer with the kubeconfig just read from the store, sized by its recorded node
 * count; states, counts and cached nodes come from the engine's snapshots, without an API call.
 */
public final class EngineWatchedClusters implements WatchedClusters {
  private final WatchEngine engine;
  private final Duration requestTimeout;

  /**
   * @param requestTimeout the --request-timeout override, or null for the size tier's
   */
  public EngineWatchedClusters(WatchEngine engine, Duration requestTimeout) {
    this.engine = engine;
    this.requestTimeout = requestTimeout;
  }

  @Override
  public boolean synced() {
    return engine.synced();
  }

  @Override
  public List<WatchedCluster> clusters() {
    return engine.snapshots().stream()
        .map(
            s ->
                new WatchedCluster(
                    s.cluster(), s.state().wire(), s.synced(), s.nodeCount(), s.lastError()))
        .toList();
  }

  @Override
  public Optional<List<NodeSummary>> nodes(String cluster) {
    return engine.snapshot(cluster).map(ClusterSnapshot::nodes);
  }

  @Override
  public void start(OpenedCluster cluster) {
    WatchTarget target =
        new WatchTarget(
            cluster.name(),
            cluster.kubeconfig().yaml(),
            TimeoutTier.forNodeCount(cluster.view().state().nodeCount())
                .withOverride(requestTimeout));
    if (engine.clusters().contains(cluster.name())) {
      engine.restart(target); // a fresh client: the kubeconfig may have changed
    } else {
      engine.start(target);
    }
  }

  @Override
  public boolean stop(String cluster) {
    return engine.stop(cluster);
  }

  /**
   * Closes the engine: every informer stopped at once (one after the other, N clusters would take N
   * stop waits, past the shutdown grace).
   */
  @Override
  public void stopAll() {
    engine.close();
  }
}
