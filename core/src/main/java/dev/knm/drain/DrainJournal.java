package dev.knm.drain;

import dev.knm.audit.Operator;
import dev.knm.error.NotFoundException;
import dev.knm.store.DrainJournalDao;
import dev.knm.store.DrainPodRow;
import dev.knm.store.DrainRow;
import dev.knm.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The drain journal in the store: a drain (id, cluster, who, its command line, status), its nodes
 * and each pod's state (pending, evicting, blocked, gone), written as the drain proceeds so that a
 * drain killed halfway can be resumed without evicting a pod twice. Changes are written by one
 * thread in batches, one transaction each, without holding the drain up: an H2 file store opens the
 * file for each transaction, 0.1-0.5 s each on a loaded machine (measured), so a drain that waited
 * for each change would be slower than the evictions themselves. Each change returns a future that
 * completes once its batch is committed, for the few callers that must wait. Resuming never relies
 * on a change having been written: a pod whose eviction went out is terminating in the cluster, and
 * that is what a resumed drain looks at.
 */
public final class DrainJournal implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DrainJournal.class);

  /** A drain's status in the journal. */
  public enum Status {
    RUNNING,
    INTERRUPTED,
    DONE,
    FAILED;

    String db() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A node's status in the journal. */
  public enum NodeStatus {
    PENDING,
    CORDONED,
    DRAINING,
    DRAINED,
    FAILED,
    INTERRUPTED;

    String db() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The longest wait for queued changes to be written (a store retries for up to 60 s). */
  private static final java.time.Duration WRITE_WAIT = java.time.Duration.ofMinutes(2);

  private record Change(Consumer<DrainJournalDao> write, CompletableFuture<Void> done) {}

  private final Store store;
  private final Clock clock;
  private final LinkedBlockingQueue<Change> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile boolean closed;

  public DrainJournal(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.writer = new Thread(this::writeLoop, "knm-drain-journal");
    writer.setDaemon(true);
    writer.start();
  }

  /** Records a new drain {@code id} of {@code nodes}, running. */
  public void start(UUID id, String cluster, List<String> nodes, Operator who, String commandLine) {
    Instant now = clock.instant();
    store.inTransaction(
        h -> {
          DrainJournalDao dao = h.attach(DrainJournalDao.class);
          if (dao.drain(id).isPresent()) {
            return null; // an earlier attempt of this transaction was committed
          }
          dao.insertDrain(
              id,
              cluster,
              Status.RUNNING.db(),
              who.user(),
              who.host(),
              who.pid(),
              commandLine,
              now);
          for (String n : nodes) {
            dao.putNode(id, n, NodeStatus.PENDING.db(), null, now);
          }
          return null;
        });
  }

  /**
   * Finds the interrupted drain of {@code nodes} on {@code cluster}: the newest one that did not
   * end. Runs as a read-write transaction that writes nothing: on an H2 file this opens it for
   * writing, which recovers a file whose last writer was killed mid-write (a read-only open would
   * refuse it).
   *
   * @throws NotFoundException when a node has no unfinished drain to resume, or the nodes' drains
   *     differ
   * @throws DrainLockedException when that drain's process is still running on this host
   */
  public UUID findResumable(String cluster, List<String> nodes, Operator who) {
    return store.inTransaction(
        h -> {
          DrainJournalDao dao = h.attach(DrainJournalDao.class);
          UUID id = null;
          for (String n : nodes) {
            List<DrainRow> found = dao.unfinished(cluster, n);
            if (found.isEmpty()) {
              throw new NotFoundException(
                  "no interrupted drain of node " + n + " in cluster " + cluster + " to resume");
            }
            DrainRow d = found.get(0);
            if (id != null && !id.equals(d.id())) {
              throw new NotFoundException(
                  "nodes "
                      + String.join(", ", nodes)
                      + " were not drained by one command: resume them one drain at a time");
            }
            id = d.id();
            if ("running".equals(d.status())
                && who.host().equals(d.host())
                && d.pid() != who.pid()
                && ProcessHandle.of(d.pid()).map(ProcessHandle::isAlive).orElse(false)) {
              throw new DrainLockedException(
                  "drain "
                      + d.id()
                      + " of node "
                      + n
                      + " is still running (pid "
                      + d.pid()
                      + " on "
                      + d.host()
                      + ", since "
                      + d.startedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                      + ")");
            }
          }
          return id;
        });
  }

  /** This process takes the drain over (running again, its user, host and pid). */
  public void takeOver(UUID drainId, Operator who) {
    Instant now = clock.instant();
    store.inTransaction(
        h ->
            h.attach(DrainJournalDao.class)
                .takeOver(drainId, Status.RUNNING.db(), who.user(), who.host(), who.pid(), now));
  }

  /** The journal's pods of a node, by uid. */
  public Map<String, DrainPodRow> pods(UUID drainId, String node) {
    flush();
    return store.read(
        h -> {
          Map<String, DrainPodRow> m = new LinkedHashMap<>();
          for (DrainPodRow p : h.attach(DrainJournalDao.class).pods(drainId, node)) {
            m.put(p.uid(), p);
          }
          return m;
        });
  }

  /** Records a node's status (written in the next batch). */
  public void node(UUID drainId, String node, NodeStatus status, String message) {
    Instant now = clock.instant();
    enqueue(dao -> dao.putNode(drainId, node, status.db(), cut(message), now));
  }

  /**
   * Records a pod's state; the future completes when it is committed (wait on it before an
   * eviction: the journal must know before the cluster does).
   */
  public CompletableFuture<Void> pod(
      UUID drainId, String node, PodRef pod, PodState state, int attempts, String message) {
    Instant now = clock.instant();
    return enqueue(
        dao ->
            dao.putPod(
                new DrainPodRow(
                    drainId,
                    node,
                    pod.namespace(),
                    pod.name(),
                    pod.uid(),
                    state.db(),
                    attempts,
                    cut(message),
                    now)));
  }

  /** Ends the drain with {@code status}, after every change before it is written. */
  public void finish(UUID drainId, Status status) {
    Instant now = clock.instant();
    CompletableFuture<Void> f =
        enqueue(
            dao -> {
              if (status == Status.RUNNING || status == Status.INTERRUPTED) {
                dao.setDrainStatus(drainId, status.db(), now);
              } else {
                dao.finishDrain(drainId, status.db(), now);
              }
            });
    awaitWritten(f);
  }

  /** Waits until every change made so far is written. */
  public void flush() {
    awaitWritten(enqueue(dao -> {}));
  }

  /**
   * As {@code join()} (failures come as a CompletionException), but bounded: a store that does not
   * answer never holds a drain for good (NodeDrainer bounds its own waits the same way).
   */
  private static void awaitWritten(CompletableFuture<Void> f) {
    long end = System.nanoTime() + WRITE_WAIT.toNanos();
    boolean interrupted = false;
    try {
      while (true) {
        try {
          f.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
          return;
        } catch (InterruptedException e) {
          interrupted = true; // as join(): the write under way is waited for
        } catch (java.util.concurrent.ExecutionException e) {
          throw new java.util.concurrent.CompletionException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
          throw new java.util.concurrent.CompletionException(
              new dev.knm.error.StoreException(
                  "the drain journal was not written within " + WRITE_WAIT.toSeconds() + " s"));
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private CompletableFuture<Void> enqueue(Consumer<DrainJournalDao> write) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (closed) {
      done.completeExceptionally(new IllegalStateException("the drain journal is closed"));
      return done;
    }
    Change change = new Change(write, done);
    queue.add(change);
    if ((closed || !writer.isAlive()) && queue.remove(change)) {
      // closed meanwhile, or the writer was stopped: no one would ever write it
      done.completeExceptionally(new IllegalStateException("the drain journal is closed"));
    }
    return done;
  }

  private void writeLoop() {
    while (!closed || !queue.isEmpty()) {
      List<Change> batch = new ArrayList<>();
      try {
        Change first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch);
        write(batch);
        batch.forEach(c -> c.done().complete(null));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        batch.forEach(c -> c.done().completeExceptionally(e));
        return;
      } catch (RuntimeException e) {
        LOG.warn(
            "drain journal: {} changes could not be written: {}", batch.size(), e.getMessage());
        batch.forEach(c -> c.done().completeExceptionally(e));
      }
    }
  }

  /**
   * One transaction for the batch, tried up to three times: the changes are idempotent upserts, and
   * a drain should not fail for one store hiccup the store does not know to be transient (seen once
   * with an H2 file under a load average of 20: a batch failing on a row it could not find).
   */
  private void write(List<Change> batch) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        store.inTransaction(
            h -> {
              DrainJournalDao dao = h.attach(DrainJournalDao.class);
              for (Change c : batch) {
                c.write().accept(dao);
              }
              return null;
            });
        return;
      } catch (RuntimeException e) {
        if (attempt == 3) {
          throw e;
        }
        Thread.sleep(300L * attempt);
      }
    }
  }

  private static String cut(String s) {
    return s == null || s.length() <= 1000 ? s : s.substring(0, 999) + "…";
  }

  /** Writes what is queued, then stops the writer. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      flush();
    } catch (RuntimeException ignored) {
      // reported by the futures that failed
    }
    closed = true;
    try {
      writer.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
