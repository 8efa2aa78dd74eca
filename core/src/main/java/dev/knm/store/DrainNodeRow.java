package dev.knm.store;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code drain_nodes}: one node of a drain and where it stands. */
public record DrainNodeRow(
    UUID drainId, String node, String status, String message, Instant updatedAt) {}
