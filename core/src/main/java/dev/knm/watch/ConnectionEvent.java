package dev.knm.watch;

import java.time.Duration;
import java.time.Instant;

/**
 * A cluster's informer changed state: {@code from} → {@code to}. With {@code to} RECONNECTING or
 * FAILED, {@code error} says why (one line) and {@code retryIn} when the next attempt is (null for
 * FAILED). With {@code to} SYNCED, {@code nodes} and {@code ready} are the cache's counts and
 * {@code catchUp} how many node events the relist found (0 after a first list or a plain resume).
 */
public record ConnectionEvent(
    String cluster,
    ConnectionState from,
    ConnectionState to,
    String error,
    Duration retryIn,
    int nodes,
    int ready,
    int catchUp,
    Instant time)
    implements WatchEvent {}
