package dev.knm.store;

import dev.knm.cluster.ClusterState;
import java.util.Map;

/** A clusters row with its labels and state, as the list query returns it. */
public record StoredCluster(ClusterRow row, Map<String, String> labels, ClusterState state) {
  public StoredCluster {
    labels = Map.copyOf(labels);
  }
}
