package dev.knm.store;

import java.time.Instant;

/**
 * A row of {@code audit_log}: one mutating command, who ran it where, on what, its command line
 * (without secrets) and how it ended.
 */
public record AuditRow(
    long id,
    Instant at,
    String user,
    String host,
    String commandName,
    String cluster,
    String target,
    String commandLine,
    String outcome,
    int exitCode,
    String message) {}
