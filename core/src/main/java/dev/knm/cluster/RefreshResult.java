package dev.knm.cluster;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code list --refresh} found: the fresh views of every selected cluster (ordered by name),
 * the clusters whose probe failed, by name, with a one-line cause, and among those the ones whose
 * stored kubeconfig could not even be opened (another key, altered data: a store or key problem,
 * not a cluster's).
 */
public record RefreshResult(
    List<ClusterView> clusters, Map<String, String> failures, Set<String> unopened) {
  public RefreshResult {
    clusters = List.copyOf(clusters);
    failures = Map.copyOf(failures);
    unopened = Set.copyOf(unopened);
  }
}
