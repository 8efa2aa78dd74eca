package dev.knm.drain;

import dev.knm.kube.transport.ClusterClient;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/** What the node drains of one command share: the cluster, options, journal, clock, events. */
final class DrainRun {
  final ClusterClient client;
  final DrainOptions options;
  final Clock clock;
  final DrainJournal journal;
  final UUID drainId;
  final boolean resuming;
  final ScheduledExecutorService timer;
  final PdbLookup pdbs;
  final PodEvictor evictor;
  final DrainPlanner planner;
  final Instant deadline; // null: none
  private final Consumer<DrainEvent> events;
  private final Set<String> lostLocks = ConcurrentHashMap.newKeySet();
  private volatile boolean interrupted;

  DrainRun(
      ClusterClient client,
      DrainOptions options,
      Clock clock,
      DrainJournal journal,
      UUID drainId,
      boolean resuming,
      ScheduledExecutorService timer,
      Instant deadline,
      Consumer<DrainEvent> events) {
    this.client = client;
    this.options = options;
    this.clock = clock;
    this.journal = journal;
    this.drainId = drainId;
    this.resuming = resuming;
    this.timer = timer;
    this.deadline = deadline;
    this.events = events;
    this.pdbs = new PdbLookup(client, clock);
    this.evictor = new PodEvictor(client, options);
    this.planner = new DrainPlanner(client, options, clock);
  }

  /** Sends an event to the listener; one at a time, so listeners need no locking. */
  void emit(DrainEvent e) {
    synchronized (events) {
      events.accept(e);
    }
  }

  Instant now() {
    return clock.instant();
  }

  void interrupt() {
    interrupted = true;
  }

  boolean interrupted() {
    return interrupted;
  }

  void markLockLost(String node) {
    lostLocks.add(node);
  }

  boolean hasLostLock(String node) {
    return lostLocks.contains(node);
  }
}
