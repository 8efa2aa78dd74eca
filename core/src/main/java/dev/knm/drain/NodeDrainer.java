package dev.knm.drain;

import dev.knm.drain.DrainEvent.Blocker;
import dev.knm.drain.DrainEvent.FailureKind;
import dev.knm.drain.DrainEvent.PdbState;
import dev.knm.error.ClusterUnreachableException;
import dev.knm.error.ErrorText;
import dev.knm.kube.model.Pdb;
import dev.knm.kube.model.Pod;
import dev.knm.store.DrainPodRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Drains one (cordoned) node: plans it with kubectl's filters, then evicts its pods with at most
 * --eviction-concurrency requests in flight, and waits (a watch, see {@link DeletionWatcher}) until
 * every evicted pod is gone. An eviction refused by a disruption budget (429) names the budgets
 * that cover the pod and what they allow, waits for the server's Retry-After or {@link
 * DrainOptions#evictRetryDelay()} without holding a slot, and is tried again until the node's
 * --timeout (or the command's --deadline); then the node fails naming every pod and budget still
 * blocking. A 500 for a pod under several budgets fails the pod at once. Each pod's state goes to
 * the journal. A pod is never asked to be evicted twice: one already terminating (an earlier,
 * interrupted drain evicted it) is only waited for, and after a request that got no answer the pod
 * is looked at before asking again.
 */
final class NodeDrainer {
  /** Where a pod stands in this drain. */
  private enum Stage {
    WAITING_TURN,
    EVICTING,
    BLOCKED,
    AWAITING,
    DONE,
    FAILED
  }

  /** One pod's eviction. */
  private final class PodTask implements Runnable {
    final Pod pod;
    final PodRef ref;
    volatile Stage stage = Stage.WAITING_TURN;
    volatile List<PdbState> lastPdbs = List.of();
    volatile String lastCause;
    volatile boolean unanswered; // the last request got no answer: it may have been applied
    final AtomicInteger attempts = new AtomicInteger();

    PodTask(Pod pod) {
      this.pod = pod;
      this.ref = PodRef.of(pod);
    }

    @Override
    public void run() {
      if (stopped()) {
        return;
      }
      if (pod.deleting()) {
        // already terminating (evicted before a resume, or by someone else): wait for it, and
        // never ask again
        await(true);
        return;
      }
      if (unanswered) {
        unanswered = false;
        if (landed()) {
          return;
        }
      }
      int attempt = attempts.incrementAndGet();
      stage = Stage.EVICTING;
      run.journal.pod(run.drainId, node, ref, PodState.EVICTING, attempt, null);
      if (stopped()) {
        return;
      }
      run.emit(
          new DrainEvent.PodEvicting(node, run.now(), ref, attempt, run.options.disableEviction()));
      PodEvictor.Result r = run.evictor.evict(ref);
      if (r instanceof PodEvictor.Accepted) {
        await(pod.deleting());
      } else if (r instanceof PodEvictor.Gone) {
        gone();
      } else if (r instanceof PodEvictor.Blocked b) {
        blocked(b, attempt);
      } else if (r instanceof PodEvictor.MultiplePdbs m) {
        multiplePdbs(m);
      } else if (r instanceof PodEvictor.NamespaceTerminating) {
        if (pod.deleting()) {
          await(true);
        } else {
          retry(run.options.evictRetryDelay());
        }
      } else if (r instanceof PodEvictor.Failed f) {
        fail(
            "error when evicting pods/\""
                + ref.name()
                + "\" -n \""
                + ref.namespace()
                + "\": "
                + f.message());
      } else if (r instanceof PodEvictor.NoAnswer n) {
        lastCause = n.message();
        unanswered = true;
        retry(Duration.ofSeconds(1));
      }
    }

    /**
     * After a request that got no answer: whether it was applied after all (the pod is gone,
     * replaced or terminating), so that it is not sent twice. True when this task is settled.
     */
    private boolean landed() {
      String path = "/api/v1/namespaces/" + ref.namespace() + "/pods/" + ref.name();
      try {
        byte[] body = run.client.get(path, Map.of(), run.client.tier().request(), true);
        Pod now = DeletionWatcher.decode(body);
        if (now == null || !ref.uid().equals(now.uid())) {
          gone();
          return true;
        }
        if (now.deleting()) {
          await(true);
          return true;
        }
        return false;
      } catch (dev.knm.kube.transport.KubeApiException e) {
        if (e.code() == 404) {
          gone();
          return true;
        }
        return false;
      } catch (ClusterUnreachableException e) {
        unanswered = true;
        retry(Duration.ofSeconds(1));
        return true;
      }
    }

    private void await(boolean verify) {
      stage = Stage.AWAITING;
      watcher
          .await(ref, verify)
          .whenComplete(
              (outcome, error) -> {
                if (error != null) {
                  return;
                }
                if (outcome.gone()) {
                  gone();
                } else {
                  skipped(outcome.skipped());
                }
              });
    }

    private void blocked(PodEvictor.Blocked b, int attempt) {
      stage = Stage.BLOCKED;
      lastCause = b.causes().isEmpty() ? b.message() : String.join("; ", b.causes());
      List<PdbState> states = new ArrayList<>();
      for (Pdb p : run.pdbs.covering(pod)) {
        states.add(PdbLookup.state(p));
      }
      lastPdbs = List.copyOf(states);
      Duration wait = b.retryAfter() != null ? b.retryAfter() : run.options.evictRetryDelay();
      run.journal.pod(run.drainId, node, ref, PodState.BLOCKED, attempt, lastCause);
      run.emit(
          new DrainEvent.EvictionBlocked(node, run.now(), ref, lastPdbs, lastCause, wait, attempt));
      retry(wait);
    }

    private void multiplePdbs(PodEvictor.MultiplePdbs m) {
      List<String> names = new ArrayList<>();
      for (Pdb p : run.pdbs.covering(pod)) {
        names.add(p.key());
      }
      fail(
          "error when evicting pods/\""
              + ref.name()
              + "\" -n \""
              + ref.namespace()
              + "\": "
              + m.message()
              + (names.isEmpty() ? "" : " (pdbs " + String.join(", ", names) + ")"));
    }

    private void retry(Duration wait) {
      if (stopped()) {
        return;
      }
      Instant next = run.now().plus(wait);
      if (end != null && next.isAfter(end)) {
        return; // stays as it is; the node's timeout reports it
      }
      run.timer.schedule(
          () -> {
            try {
              posts.execute(this);
            } catch (RejectedExecutionException e) {
              // the node's drain is over
            }
          },
          wait.toMillis(),
          TimeUnit.MILLISECONDS);
    }

    private void gone() {
      if (stage == Stage.DONE) {
        return;
      }
      stage = Stage.DONE;
      evictedCount.incrementAndGet();
      run.journal.pod(run.drainId, node, ref, PodState.GONE, attempts.get(), null);
      run.emit(new DrainEvent.PodGone(node, run.now(), ref, !run.options.disableEviction()));
      remaining.countDown();
    }

    private void skipped(String reason) {
      if (stage == Stage.DONE) {
        return;
      }
      stage = Stage.DONE;
      run.journal.pod(run.drainId, node, ref, PodState.GONE, attempts.get(), reason);
      run.emit(new DrainEvent.PodSkipped(node, run.now(), ref, reason));
      remaining.countDown();
    }

    private void fail(String message) {
      if (stage == Stage.DONE || stage == Stage.FAILED) {
        return;
      }
      stage = Stage.FAILED;
      lastCause = message;
      failures.add(message);
      remaining.countDown();
    }
  }

  private final DrainRun run;
  private final String node;
  private final Instant start;
  private final Instant end; // null: no timeout
  private final AtomicInteger evictedCount = new AtomicInteger();
  private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
  private DeletionWatcher watcher;
  private ExecutorService posts;
  private CountDownLatch remaining;
  private volatile boolean stopped;

  NodeDrainer(DrainRun run, String node) {
    this.run = run;
    this.node = node;
    this.start = run.now();
    Instant e = run.options.timeout().isZero() ? null : start.plus(run.options.timeout());
    if (run.deadline != null && (e == null || run.deadline.isBefore(e))) {
      e = run.deadline;
    }
    this.end = e;
  }

  private boolean stopped() {
    return stopped || run.interrupted() || run.hasLostLock(node);
  }

  NodeOutcome drain() {
    DrainPlan plan;
    try {
      plan = run.planner.plan(node);
    } catch (ClusterUnreachableException e) {
      return failed(FailureKind.UNREACHABLE, e.getMessage(), List.of(), List.of());
    }
    run.emit(
        new DrainEvent.NodePlanned(
            node,
            run.now(),
            plan.toEvict().stream().map(PodRef::of).toList(),
            plan.leftAlone().stream().map(v -> PodRef.of(v.pod())).toList(),
            plan.warnings(),
            plan.errors()));
    if (plan.blocked()) {
      return failed(FailureKind.FILTERS, String.join("; ", plan.errors()), List.of(), List.of());
    }
    Map<String, DrainPodRow> journaled =
        run.resuming ? run.journal.pods(run.drainId, node) : Map.of();
    settleGone(journaled, plan);
    List<Pod> pods = plan.toEvict();
    if (pods.isEmpty()) {
      return drained();
    }
    run.journal.node(run.drainId, node, DrainJournal.NodeStatus.DRAINING, null);
    // the pods' journal rows are written while the watch starts (waited for below)
    List<PodTask> tasks = new ArrayList<>();
    List<java.util.concurrent.CompletableFuture<Void>> recorded = new ArrayList<>();
    for (Pod p : pods) {
      DrainPodRow j = journaled.get(p.uid());
      PodTask t = new PodTask(p);
      if (j == null) {
        recorded.add(run.journal.pod(run.drainId, node, t.ref, PodState.PENDING, 0, null));
      } else {
        t.attempts.set(j.attempts());
      }
      tasks.add(t);
    }

    watcher =
        new DeletionWatcher(
            run.client, node, run.options.skipWaitForDeleteTimeoutSeconds(), run.clock, run.timer);
    try {
      watcher.start();
    } catch (ClusterUnreachableException e) {
      return failed(FailureKind.UNREACHABLE, e.getMessage(), List.of(), List.of());
    }
    remaining = new CountDownLatch(pods.size());
    posts =
        Executors.newFixedThreadPool(
            Math.min(run.options.evictionConcurrency(), pods.size()),
            r -> {
              Thread t = new Thread(r, "knm-evict-" + node);
              t.setDaemon(true);
              return t;
            });
    try {
      // every pod is in the journal before the first eviction (one transaction): a drain killed
      // at any point later leaves a journal that names all of them
      try {
        java.util.concurrent.CompletableFuture.allOf(
                recorded.toArray(java.util.concurrent.CompletableFuture[]::new))
            .get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        return failed(
            FailureKind.EVICTION,
            "the drain journal could not be written: " + rootMessage(e),
            List.of(),
            tasks.stream().map(t -> t.ref).toList());
      }
      for (PodTask t : tasks) {
        posts.execute(t);
      }
      waitForPods();
      stopped = true;
      return outcome(tasks);
    } finally {
      stopped = true;
      posts.shutdownNow();
      watcher.close();
    }
  }

  /**
   * A resumed drain: pods of the journal no longer on the node went while the drain was stopped (or
   * their GONE was not written before it was killed): the journal says so now.
   */
  private void settleGone(Map<String, DrainPodRow> journaled, DrainPlan plan) {
    java.util.Set<String> here = new java.util.HashSet<>();
    plan.verdicts().forEach(v -> here.add(v.pod().uid()));
    for (DrainPodRow j : journaled.values()) {
      if (!here.contains(j.uid()) && !PodState.GONE.db().equals(j.state())) {
        run.journal.pod(
            run.drainId,
            node,
            new PodRef(j.namespace(), j.name(), j.uid()),
            PodState.GONE,
            j.attempts(),
            "gone while the drain was stopped");
      }
    }
  }

  private void waitForPods() {
    try {
      while (!remaining.await(100, TimeUnit.MILLISECONDS)) {
        if (run.interrupted() || run.hasLostLock(node)) {
          return;
        }
        if (end != null && !run.now().isBefore(end)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      run.interrupt();
    }
  }

  private NodeOutcome outcome(List<PodTask> tasks) {
    List<Blocker> blockers = new ArrayList<>();
    List<PodRef> pending = new ArrayList<>();
    for (PodTask t : tasks) {
      if (t.stage == Stage.BLOCKED) {
        blockers.add(new Blocker(t.ref, t.lastPdbs));
      } else if (t.stage != Stage.DONE && t.stage != Stage.FAILED) {
        pending.add(t.ref);
      }
    }
    if (run.interrupted()) {
      List<PodRef> left = new ArrayList<>(pending);
      blockers.forEach(b -> left.add(b.pod()));
      return failed(FailureKind.INTERRUPTED, "interrupted", blockers, left);
    }
    if (run.hasLostLock(node)) {
      return failed(
          FailureKind.LOCKED,
          "lost its lock (lease "
              + NodeLock.NAMESPACE
              + "/"
              + NodeLock.leaseName(node)
              + ") to another drain",
          blockers,
          pending);
    }
    if (!failures.isEmpty()) {
      return failed(FailureKind.EVICTION, String.join("; ", failures), blockers, pending);
    }
    if (!blockers.isEmpty()) {
      return failed(FailureKind.PDB_TIMEOUT, blockedMessage(blockers), blockers, pending);
    }
    if (!pending.isEmpty()) {
      return failed(
          FailureKind.TIMEOUT,
          "timed out after "
              + seconds(Duration.between(start, run.now()))
              + " waiting for "
              + pending.size()
              + (pending.size() == 1 ? " pod" : " pods")
              + " to terminate: "
              + String.join(", ", pending.stream().map(PodRef::key).toList()),
          blockers,
          pending);
    }
    return drained();
  }

  /** "timed out after 30s: pdb team-3/web (allows 0 disruptions ...) blocks team-3/web-1, ...". */
  private String blockedMessage(List<Blocker> blockers) {
    Map<String, List<String>> byPdb = new java.util.LinkedHashMap<>();
    Map<String, PdbState> states = new java.util.LinkedHashMap<>();
    for (Blocker b : blockers) {
      if (b.pdbs().isEmpty()) {
        byPdb.computeIfAbsent("", k -> new ArrayList<>()).add(b.pod().key());
      }
      for (PdbState s : b.pdbs()) {
        states.put(s.key(), s);
        byPdb.computeIfAbsent(s.key(), k -> new ArrayList<>()).add(b.pod().key());
      }
    }
    List<String> parts = new ArrayList<>();
    byPdb.forEach(
        (pdb, pods) ->
            parts.add(
                (pdb.isEmpty() ? "a disruption budget" : states.get(pdb).describe())
                    + " blocks "
                    + String.join(", ", pods)));
    return "timed out after "
        + seconds(Duration.between(start, run.now()))
        + " waiting for disruption budgets: "
        + String.join("; ", parts);
  }

  private static String seconds(Duration d) {
    long s = Math.round(d.toMillis() / 1000.0);
    return s + "s";
  }

  private NodeOutcome drained() {
    run.journal.node(run.drainId, node, DrainJournal.NodeStatus.DRAINED, null);
    Duration took = Duration.between(start, run.now());
    run.emit(new DrainEvent.NodeDrained(node, run.now(), evictedCount.get(), took));
    return NodeOutcome.drained(node, evictedCount.get());
  }

  private NodeOutcome failed(
      FailureKind kind, String message, List<Blocker> blockers, List<PodRef> pending) {
    run.journal.node(
        run.drainId,
        node,
        kind == FailureKind.INTERRUPTED
            ? DrainJournal.NodeStatus.INTERRUPTED
            : DrainJournal.NodeStatus.FAILED,
        message);
    run.emit(new DrainEvent.NodeFailed(node, run.now(), kind, message, blockers, pending));
    return NodeOutcome.failed(node, kind, message, blockers, pending, evictedCount.get());
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return ErrorText.of(t);
  }
}
