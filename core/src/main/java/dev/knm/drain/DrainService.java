package dev.knm.drain;

import dev.knm.audit.Operator;
import dev.knm.drain.DrainEvent.FailureKind;
import dev.knm.drain.DrainEvent.PdbForecast;
import dev.knm.error.ClusterUnreachableException;
import dev.knm.error.ErrorText;
import dev.knm.error.NotFoundException;
import dev.knm.error.UsageException;
import dev.knm.kube.NodeCordoner;
import dev.knm.kube.NodeReader;
import dev.knm.kube.model.NodeSummary;
import dev.knm.kube.model.Pdb;
import dev.knm.kube.model.Pod;
import dev.knm.kube.transport.ClusterClient;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Drains nodes of one cluster as kubectl drain does, with knm's additions: every selected node is
 * checked and locked (a Lease per node, see {@link NodeLock}) and cordoned before the first is
 * drained, so evicted pods never land on a node about to be drained; up to --max-concurrent-nodes
 * nodes are drained at once; --deadline bounds the whole command; the journal records every pod's
 * state so an interrupted drain can be resumed. Bad input (an unknown node, an empty selector
 * match, --resume without a journal) fails before anything is changed. Never prints: events go to
 * the listener.
 */
public final class DrainService {
  /** Nodes locked, and cordoned, at once before the drain begins. */
  static final int SETUP_PARALLELISM = 8;

  private final ClusterClient client;
  private final DrainJournal journal;
  private final Operator me;
  private final Clock clock;
  private volatile DrainRun current;
  private volatile boolean interrupted;

  /**
   * @param journal where the drain is recorded; may be null for a dry run only
   */
  public DrainService(ClusterClient client, DrainJournal journal, Operator me, Clock clock) {
    this.client = client;
    this.journal = journal;
    this.me = me;
    this.clock = clock;
  }

  /** Stops the drain: no eviction is sent after this; the journal is kept for --resume. */
  public void interrupt() {
    interrupted = true;
    DrainRun r = current;
    if (r != null) {
      r.interrupt();
    }
  }

  /**
   * Runs the drain (or the dry run) and reports it to {@code events}.
   *
   * @throws UsageException for node names together with a selector, or neither
   * @throws NotFoundException for an unknown node, a selector matching none, or nothing to resume
   * @throws DrainLockedException when another drain holds one of the nodes (nothing changed)
   * @throws ClusterUnreachableException when the API server cannot be reached before the drain
   *     starts
   */
  public DrainResult drain(DrainRequest req, Consumer<DrainEvent> events) {
    DrainOptions o = req.options();
    List<String> nodes = resolve(req);
    Instant started = clock.instant();
    Instant deadline = o.deadline().isZero() ? null : started.plus(o.deadline());
    if (o.dryRun()) {
      return dryRun(req, nodes, events);
    }
    if (journal == null) {
      throw new IllegalStateException("a drain needs its journal");
    }
    UUID resumed = req.resume() ? journal.findResumable(req.cluster(), nodes, me) : null;
    UUID id = resumed != null ? resumed : UUID.randomUUID();
    NodeLock lock = new NodeLock(client, me, id.toString(), clock);
    List<String> held = new ArrayList<>();
    ScheduledExecutorService timer =
        Executors.newScheduledThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "knm-drain-timer");
              t.setDaemon(true);
              return t;
            });
    try {
      // every lock, then every cordon, a few nodes at a time: a 20-node drain should not wait
      // for 40 round trips one after the other before its first eviction
      List<Outcome<String>> locked =
          eachNode(
              nodes,
              n -> {
                lock.acquire(n, resumed != null);
                return n;
              });
      RuntimeException refused = null;
      for (Outcome<String> l : locked) {
        if (l.error() == null) {
          held.add(l.value());
        } else if (refused == null) {
          refused = l.error();
        }
      }
      if (refused != null) {
        throw refused; // the finally block releases the locks taken
      }
      if (resumed != null) {
        journal.takeOver(resumed, me);
      } else {
        journal.start(id, req.cluster(), nodes, me, req.commandLine());
      }
      DrainRun run =
          new DrainRun(client, o, clock, journal, id, resumed != null, timer, deadline, events);
      current = run;
      run.emit(
          new DrainEvent.DrainStarted(
              null, clock.instant(), id.toString(), nodes, resumed != null));
      if (interrupted) {
        run.interrupt();
      }
      ScheduledFuture<?> renewals =
          timer.scheduleWithFixedDelay(
              () -> {
                for (String n : held) {
                  if (!lock.renew(n)) {
                    run.markLockLost(n);
                  }
                }
              },
              NodeLock.RENEW_EVERY.toMillis(),
              NodeLock.RENEW_EVERY.toMillis(),
              TimeUnit.MILLISECONDS);
      try {
        List<NodeOutcome> outcomes = run(run, nodes);
        DrainResult result = new DrainResult(id.toString(), outcomes, false);
        journal.finish(
            id,
            switch (result.verdict()) {
              case DRAINED -> DrainJournal.Status.DONE;
              case INTERRUPTED -> DrainJournal.Status.INTERRUPTED;
              default -> DrainJournal.Status.FAILED;
            });
        run.emit(
            new DrainEvent.DrainDone(
                null, clock.instant(), id.toString(), result.drained(), result.failed()));
        return result;
      } finally {
        renewals.cancel(false);
      }
    } finally {
      for (String n : held) {
        lock.release(n);
      }
      timer.shutdownNow();
      current = null;
    }
  }

  /** Cordons every node, then drains them, --max-concurrent-nodes at a time. */
  private List<NodeOutcome> run(DrainRun run, List<String> nodes) {
    Map<String, NodeOutcome> outcomes = new LinkedHashMap<>();
    List<String> cordoned = new ArrayList<>();
    NodeCordoner cordoner = new NodeCordoner(client);
    List<Outcome<NodeCordoner.Result>> results =
        eachNode(nodes, n -> run.interrupted() ? null : cordoner.set(n, true, false));
    for (int i = 0; i < nodes.size(); i++) {
      String n = nodes.get(i);
      Outcome<NodeCordoner.Result> r = results.get(i);
      if (r.error() != null) {
        outcomes.put(n, notDrained(run, n, FailureKind.UNREACHABLE, r.error().getMessage()));
      } else if (r.value() != null) {
        journal.node(run.drainId, n, DrainJournal.NodeStatus.CORDONED, null);
        run.emit(new DrainEvent.NodeCordoned(n, run.now(), !r.value().changed(), false));
        cordoned.add(n);
      }
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(run.options.maxConcurrentNodes(), cordoned.size())),
            r -> {
              Thread t = new Thread(r, "knm-drain-node");
              t.setDaemon(true);
              return t;
            });
    Map<String, Future<NodeOutcome>> futures = new LinkedHashMap<>();
    try {
      for (String n : cordoned) {
        futures.put(n, pool.submit(() -> drainOne(run, n)));
      }
      for (Map.Entry<String, Future<NodeOutcome>> e : futures.entrySet()) {
        try {
          outcomes.put(e.getKey(), e.getValue().get());
        } catch (ExecutionException ex) {
          Throwable c = ex.getCause();
          outcomes.put(
              e.getKey(),
              notDrained(
                  run,
                  e.getKey(),
                  c instanceof ClusterUnreachableException
                      ? FailureKind.UNREACHABLE
                      : FailureKind.EVICTION,
                  ErrorText.of(c)));
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
          run.interrupt();
        }
      }
    } finally {
      pool.shutdownNow();
    }
    List<NodeOutcome> ordered = new ArrayList<>();
    for (String n : nodes) {
      NodeOutcome out = outcomes.get(n);
      ordered.add(out != null ? out : notDrained(run, n, FailureKind.INTERRUPTED, "interrupted"));
    }
    return ordered;
  }

  /** A value or the error that stopped it. */
  private record Outcome<T>(T value, RuntimeException error) {}

  /** {@code work} for every node, up to {@link #SETUP_PARALLELISM} at once; results in order. */
  private static <T> List<Outcome<T>> eachNode(
      List<String> nodes, java.util.function.Function<String, T> work) {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(SETUP_PARALLELISM, nodes.size())),
            r -> {
              Thread t = new Thread(r, "knm-drain-setup");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (String n : nodes) {
        futures.add(pool.submit(() -> work.apply(n)));
      }
      List<Outcome<T>> out = new ArrayList<>();
      for (Future<T> f : futures) {
        try {
          out.add(new Outcome<>(f.get(), null));
        } catch (ExecutionException e) {
          out.add(
              new Outcome<>(
                  null,
                  e.getCause() instanceof RuntimeException re
                      ? re
                      : new IllegalStateException(e.getCause())));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          out.add(new Outcome<>(null, new IllegalStateException("interrupted")));
        }
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private NodeOutcome drainOne(DrainRun run, String node) {
    if (run.interrupted()) {
      return notDrained(run, node, FailureKind.INTERRUPTED, "interrupted");
    }
    if (run.deadline != null && !run.now().isBefore(run.deadline)) {
      return notDrained(
          run, node, FailureKind.TIMEOUT, "the command's deadline passed before it started");
    }
    return new NodeDrainer(run, node).drain();
  }

  private NodeOutcome notDrained(DrainRun run, String node, FailureKind kind, String message) {
    journal.node(
        run.drainId,
        node,
        kind == FailureKind.INTERRUPTED
            ? DrainJournal.NodeStatus.INTERRUPTED
            : DrainJournal.NodeStatus.FAILED,
        message);
    run.emit(new DrainEvent.NodeFailed(node, run.now(), kind, message, List.of(), List.of()));
    return NodeOutcome.failed(node, kind, message, List.of(), List.of(), 0);
  }

  /**
   * The nodes to drain, checked before anything changes: by name (each must exist) or by label
   * selector (must match at least one).
   */
  private List<String> resolve(DrainRequest req) {
    NodeReader reader = new NodeReader(client);
    if (!req.nodes().isEmpty() && req.nodeSelector() != null) {
      throw new UsageException("cannot specify both a node name and a --selector option");
    }
    if (req.nodes().isEmpty() && req.nodeSelector() == null) {
      throw new UsageException("give one or more NODE names, or -l/--selector");
    }
    if (req.nodeSelector() != null) {
      List<String> names = reader.list(req.nodeSelector()).stream().map(NodeSummary::name).toList();
      if (names.isEmpty()) {
        throw new NotFoundException(
            "cluster "
                + req.cluster()
                + ": no nodes match the selector \""
                + req.nodeSelector()
                + "\"");
      }
      return names;
    }
    List<String> names = new ArrayList<>(new LinkedHashSet<>(req.nodes()));
    for (String n : names) {
      reader.get(n); // NotFoundException: "cluster C: no node named N"
    }
    return names;
  }

  /**
   * kubectl's --dry-run=client, with what kubectl does not tell: per node the pods that would be
   * evicted, the ones that would stop the drain and why, the disruption budgets that cover the pods
   * with what they allow now, and how a real run would end. Changes nothing.
   */
  private DrainResult dryRun(DrainRequest req, List<String> nodes, Consumer<DrainEvent> events) {
    DrainOptions o = req.options();
    DrainPlanner planner = new DrainPlanner(client, o, clock);
    PdbLookup lookup = new PdbLookup(client, clock);
    NodeReader reader = new NodeReader(client);
    List<NodeOutcome> outcomes = new ArrayList<>();
    for (String n : nodes) {
      boolean already = reader.get(n).unschedulable();
      events.accept(new DrainEvent.NodeCordoned(n, clock.instant(), already, true));
      DrainPlan plan = planner.plan(n);
      List<Pod> pods = plan.toEvict();
      Map<String, List<PodRef>> covered = new LinkedHashMap<>();
      Map<String, Pdb> byKey = new LinkedHashMap<>();
      List<PodRef> multiple = new ArrayList<>();
      if (!o.disableEviction()) {
        for (Pod p : pods) {
          if (p.finished()) {
            continue; // the API server evicts finished pods whatever their budget says
          }
          List<Pdb> pdbs = lookup.covering(p);
          if (pdbs.size() > 1) {
            multiple.add(PodRef.of(p));
          }
          for (Pdb b : pdbs) {
            byKey.put(b.key(), b);
            covered.computeIfAbsent(b.key(), k -> new ArrayList<>()).add(PodRef.of(p));
          }
        }
      }
      List<PdbForecast> forecasts = new ArrayList<>();
      boolean wouldWait = false;
      for (Map.Entry<String, List<PodRef>> e : covered.entrySet()) {
        Pdb b = byKey.get(e.getKey());
        int waiting = Math.max(0, e.getValue().size() - b.allowed());
        wouldWait |= waiting > 0;
        forecasts.add(new PdbForecast(PdbLookup.state(b), e.getValue(), waiting));
      }
      FailureKind fail =
          plan.blocked() || !multiple.isEmpty()
              ? (plan.blocked() ? FailureKind.FILTERS : FailureKind.EVICTION)
              : wouldWait ? FailureKind.PDB_TIMEOUT : null;
      List<String> errors = new ArrayList<>(plan.errors());
      for (PodRef m : multiple) {
        errors.add("pod " + m.key() + " is covered by more than one PodDisruptionBudget");
      }
      events.accept(
          new DrainEvent.NodeDryRun(
              n,
              clock.instant(),
              pods.stream().map(PodRef::of).toList(),
              plan.leftAlone().stream().map(v -> PodRef.of(v.pod())).toList(),
              plan.warnings(),
              errors,
              forecasts,
              fail));
      outcomes.add(
          fail == null
              ? NodeOutcome.drained(n, pods.size())
              : NodeOutcome.failed(n, fail, String.join("; ", errors), List.of(), List.of(), 0));
    }
    DrainResult result = new DrainResult(null, outcomes, true);
    events.accept(
        new DrainEvent.DrainDone(null, clock.instant(), null, result.drained(), result.failed()));
    return result;
  }
}
