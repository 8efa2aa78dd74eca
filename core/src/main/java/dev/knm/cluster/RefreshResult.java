package dev.knm.cluster;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code list --refresh} found: the fresh views of every selected cluster (ordered by name),
 * how the probes went ({@link FanOutResult}: which clusters failed, with what), and among the
 * failed the ones whose stored kubeconfig could not even be opened (another key, altered data: a
 * store or key problem, not a cluster's).
 */
public record RefreshResult(
    List<ClusterView> clusters, FanOutResult outcome, Set<String> unopened) {
  public RefreshResult {
    clusters = List.copyOf(clusters);
    unopened = Set.copyOf(unopened);
  }

  /** The clusters whose probe failed, by name, with a one-line cause. */
  public Map<String, String> failures() {
    return outcome.messages();
  }
}
