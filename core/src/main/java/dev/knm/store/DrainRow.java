package dev.knm.store;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code drains}: one drain command, its status and who ran it. */
public record DrainRow(
    UUID id,
    String cluster,
    String status,
    String user,
    String host,
    long pid,
    String command,
    Instant startedAt,
    Instant updatedAt,
    Instant finishedAt) {}
