package dev.knm.fleet;

import dev.knm.cluster.OpenedCluster;
import dev.knm.kube.model.NodeSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** WatchedClusters without informers: records starts and stops; a test says when one synced. */
public final class FakeWatchedClusters implements WatchedClusters {
  private final Map<String, WatchedCluster> clusters = new TreeMap<>();
  private final Map<String, List<NodeSummary>> nodes = new TreeMap<>();
  private final List<String> calls = new ArrayList<>();
  private boolean syncOnStart = true;

  /** When false, a started cluster stays "connecting" until {@link #sync}. */
  public synchronized FakeWatchedClusters syncOnStart(boolean sync) {
    this.syncOnStart = sync;
    return this;
  }

  public synchronized void sync(String name, List<NodeSummary> cached) {
    clusters.put(name, new WatchedCluster(name, "synced", true, cached.size(), null));
    nodes.put(name, List.copyOf(cached));
  }

  /** Every start/stop so far, as "start NAME" / "stop NAME". */
  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  @Override
  public synchronized boolean synced() {
    return clusters.values().stream().allMatch(WatchedCluster::synced);
  }

  @Override
  public synchronized List<WatchedCluster> clusters() {
    return List.copyOf(clusters.values());
  }

  @Override
  public synchronized Optional<List<NodeSummary>> nodes(String cluster) {
    return Optional.ofNullable(nodes.get(cluster));
  }

  @Override
  public synchronized void start(OpenedCluster cluster) {
    calls.add("start " + cluster.name());
    clusters.put(
        cluster.name(),
        new WatchedCluster(
            cluster.name(), syncOnStart ? "synced" : "connecting", syncOnStart, 0, null));
    nodes.put(cluster.name(), List.of());
  }

  @Override
  public synchronized boolean stop(String cluster) {
    calls.add("stop " + cluster);
    nodes.remove(cluster);
    return clusters.remove(cluster) != null;
  }

  @Override
  public synchronized void stopAll() {
    calls.add("stopAll");
    clusters.clear();
    nodes.clear();
  }
}
