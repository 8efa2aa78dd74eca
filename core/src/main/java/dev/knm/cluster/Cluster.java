package dev.knm.cluster;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A cluster as stored, without its (sealed) kubeconfig. {@code server} and {@code context} are not
 * secret: they are kept in clear so that lists never need the key.
 */
public record Cluster(
    UUID id,
    String name,
    String description,
    Map<String, String> labels,
    String server,
    String context,
    String keyId,
    Instant createdAt,
    Instant updatedAt) {

  public Cluster {
    labels = Map.copyOf(labels);
  }

  /** The first 8 hex digits of the id, as shown in tables (like a short git hash). */
  public String shortId() {
    return id.toString().substring(0, 8);
  }
}
