package dev.knm.store;

import java.time.Instant;
import java.util.UUID;

/** A row of table clusters. {@code sealedKubeconfig} is null once the cluster was purged. */
public record ClusterRow(
    UUID id,
    String name,
    String description,
    String server,
    String contextName,
    byte[] sealedKubeconfig,
    String keyId,
    Instant createdAt,
    Instant updatedAt,
    Instant deletedAt) {}
