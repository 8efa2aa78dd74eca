package dev.knm.cluster;

import java.util.Map;

/**
 * Filters for `knm list`: all given filters must match. {@code status} and {@code search} may be
 * null; {@code search} matches name or description, case-insensitive substring. {@code page} is
 * 1-based.
 */
public record ClusterQuery(
    ClusterStatus status, Map<String, String> labels, String search, int page, int limit) {
  public ClusterQuery {
    labels = Map.copyOf(labels);
  }

  public static ClusterQuery all() {
    return new ClusterQuery(null, Map.of(), null, 1, Integer.MAX_VALUE);
  }
}
