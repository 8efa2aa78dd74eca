package dev.knm.cluster;

import java.util.List;
import java.util.Map;

/**
 * What {@code list --refresh} found: the fresh views of every selected cluster (ordered by name)
 * and how the probes went ({@link FanOutResult}: which clusters failed, with what).
 */
public record RefreshResult(List<ClusterView> clusters, FanOutResult outcome) {
  public RefreshResult {
    clusters = List.copyOf(clusters);
  }

  /** The clusters whose probe failed, by name, with a one-line cause. */
  public Map<String, String> failures() {
    return outcome.messages();
  }
}
