package dev.knm.drain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a drain reports as it goes; core emits these, the cli renders them (a live display, plain
 * lines, or ndjson). Every event names its node (null for the whole command's) and when it
 * happened.
 */
public sealed interface DrainEvent {
  String node();

  Instant at();

  /**
   * The drain holds every node's lock and its journal is written ({@code resumed}: it took an
   * interrupted drain over): from here on it changes the cluster.
   */
  record DrainStarted(String node, Instant at, String drainId, List<String> nodes, boolean resumed)
      implements DrainEvent {}

  /** The node was cordoned (or already was); {@code dryRun}: it would be. */
  record NodeCordoned(String node, Instant at, boolean already, boolean dryRun)
      implements DrainEvent {}

  /**
   * The node's pods were listed and judged: {@code toEvict} will be evicted, {@code warnings} is
   * kubectl's warning line ("" when none), {@code errors} kubectl's "cannot delete ..." messages
   * (the drain of this node stops when there are any).
   */
  record NodePlanned(
      String node,
      Instant at,
      List<PodRef> toEvict,
      List<PodRef> leftAlone,
      String warnings,
      List<String> errors)
      implements DrainEvent {}

  /** An eviction (or, with --disable-eviction, a deletion) of the pod is being asked for. */
  record PodEvicting(String node, Instant at, PodRef pod, int attempt, boolean deletion)
      implements DrainEvent {}

  /**
   * The API server refused to evict the pod (429): the disruption budgets that cover it and what
   * they allow now, the server's own cause, and when the eviction is tried again.
   */
  record EvictionBlocked(
      String node,
      Instant at,
      PodRef pod,
      List<PdbState> pdbs,
      String cause,
      Duration retryIn,
      int attempt)
      implements DrainEvent {}

  /** The pod is gone (or replaced by a new pod of the same name). */
  record PodGone(String node, Instant at, PodRef pod, boolean evicted) implements DrainEvent {}

  /**
   * The pod has been terminating longer than --skip-wait-for-delete-timeout: not waited for (the
   * text is kubectl's).
   */
  record PodSkipped(String node, Instant at, PodRef pod, String reason) implements DrainEvent {}

  /** Every pod to evict is gone. */
  record NodeDrained(String node, Instant at, int evicted, Duration elapsed)
      implements DrainEvent {}

  /**
   * The node could not be drained. {@code blockers} names every pod still held by a disruption
   * budget when the reason is {@link FailureKind#PDB_TIMEOUT}.
   */
  record NodeFailed(
      String node,
      Instant at,
      FailureKind kind,
      String message,
      List<Blocker> blockers,
      List<PodRef> pending)
      implements DrainEvent {}

  /**
   * The dry run's plan of one node: what a real run would evict, the filter errors that would stop
   * it, the budgets that cover its pods with what they allow now, and how it would end ({@code
   * wouldFail} null: drained).
   */
  record NodeDryRun(
      String node,
      Instant at,
      List<PodRef> toEvict,
      List<PodRef> leftAlone,
      String warnings,
      List<String> errors,
      List<PdbForecast> pdbs,
      FailureKind wouldFail)
      implements DrainEvent {}

  /** The whole command is over. */
  record DrainDone(
      String node, Instant at, String drainId, List<String> drained, List<String> failed)
      implements DrainEvent {}

  /** Why a node failed. */
  enum FailureKind {
    /** kubectl's filters refused some pods (before anything was evicted). */
    FILTERS,
    /** Disruption budgets still refused some evictions at the node's timeout (exit code 6). */
    PDB_TIMEOUT,
    /** Pods were evicted but not gone by the node's timeout or the command's deadline. */
    TIMEOUT,
    /** An eviction failed for good (several budgets for one pod, a refusal, a server error). */
    EVICTION,
    /** The API server could not be reached. */
    UNREACHABLE,
    /** The drain was interrupted (Ctrl-C, SIGTERM): its journal is kept for --resume. */
    INTERRUPTED,
    /** Another drain holds the node's lock, or this drain lost it. */
    LOCKED
  }

  /** A disruption budget as it stood when it refused an eviction. */
  record PdbState(
      String namespace,
      String name,
      int disruptionsAllowed,
      Integer desiredHealthy,
      Integer currentHealthy) {
    public String key() {
      return namespace + "/" + name;
    }

    /** "pdb team-3/web allows 0 disruptions (needs 2 healthy, has 2)". */
    public String describe() {
      return "pdb "
          + key()
          + " allows "
          + disruptionsAllowed
          + (disruptionsAllowed == 1 ? " disruption" : " disruptions")
          + (desiredHealthy == null || currentHealthy == null
              ? ""
              : " (needs " + desiredHealthy + " healthy, has " + currentHealthy + ")");
    }
  }

  /** A pod still refused at the end, and the budgets that refused it. */
  record Blocker(PodRef pod, List<PdbState> pdbs) {}

  /**
   * For a dry run: a budget that covers pods to evict, what it allows now, and how many of the
   * node's pods it covers ({@code wouldWait} of them would have to wait).
   */
  record PdbForecast(PdbState pdb, List<PodRef> covers, int wouldWait) {}
}
