package dev.knm.store;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code drain_pods}: one pod a drain evicts, by uid, and its state. */
public record DrainPodRow(
    UUID drainId,
    String node,
    String namespace,
    String name,
    String uid,
    String state,
    int attempts,
    String message,
    Instant updatedAt) {}
