package dev.knm.cluster;

import java.util.List;
import java.util.Map;

/**
 * What {@code list --refresh} found: the fresh views of every selected cluster (ordered by name)
 * and the clusters whose probe failed, by name, with a one-line cause.
 */
public record RefreshResult(List<ClusterView> clusters, Map<String, String> failures) {
  public RefreshResult {
    clusters = List.copyOf(clusters);
    failures = Map.copyOf(failures);
  }
}
