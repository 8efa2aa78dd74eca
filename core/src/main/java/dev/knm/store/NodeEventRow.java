package dev.knm.store;

import java.time.Instant;
import java.util.UUID;

/** A row of node_events, with its cluster's name when read. */
public record NodeEventRow(
    UUID clusterId,
    String cluster,
    String node,
    String eventType,
    String field,
    String oldValue,
    String newValue,
    String resourceVersion,
    boolean catchUp,
    Integer flapCount,
    Instant observedAt) {}
