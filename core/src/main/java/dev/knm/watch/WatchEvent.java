package dev.knm.watch;

import java.time.Instant;

/**
 * What a {@link WatchEngine} reports: a significant change of a node ({@link NodeEvent}) or a
 * change of a cluster's connection ({@link ConnectionEvent}). Events of one cluster arrive in
 * order; events of different clusters interleave.
 */
public sealed interface WatchEvent permits NodeEvent, ConnectionEvent {
  String cluster();

  /** When knm saw it. */
  Instant time();
}
