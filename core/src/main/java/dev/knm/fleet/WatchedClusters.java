package dev.knm.fleet;

import dev.knm.cluster.OpenedCluster;
import dev.knm.kube.model.NodeSummary;
import java.util.List;
import java.util.Optional;

/**
 * What serve mode needs of the watch: the per-cluster informers, started, restarted and stopped one
 * cluster at a time, their sync state and their cached nodes. Implemented over {@code knm watch}'s
 * informers; tests use a fake.
 */
public interface WatchedClusters {
  /** True when every watched cluster's informer has synced at least once (none watched: true). */
  boolean synced();

  /** The watched clusters, by name. */
  List<WatchedCluster> clusters();

  /** The cached nodes of a watched cluster, by name; empty when it is not watched. */
  Optional<List<NodeSummary>> nodes(String cluster);

  /** Starts watching {@code cluster}; if it is watched already, stops that informer first. */
  void start(OpenedCluster cluster);

  /** Stops watching {@code cluster}; false when it was not watched. */
  boolean stop(String cluster);

  /** Stops every informer (shutdown). */
  void stopAll();
}
