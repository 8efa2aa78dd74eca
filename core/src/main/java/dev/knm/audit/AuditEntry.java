package dev.knm.audit;

/**
 * One mutating command to record: who, which command, on what ({@code cluster} may be null, e.g.
 * rotate-key), its command line without secrets, and how it ended ({@code outcome}: ok, failed,
 * partial, blocked, refused, interrupted; with the exit code and a one-line message).
 */
public record AuditEntry(
    Operator who,
    String command,
    String cluster,
    String target,
    String commandLine,
    String outcome,
    int exitCode,
    String message) {}
