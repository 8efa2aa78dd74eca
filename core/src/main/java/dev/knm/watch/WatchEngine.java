package dev.knm.watch;

import dev.knm.kube.transport.ClientPool;
import dev.knm.kube.transport.ClusterClient;
import dev.knm.kube.transport.KubeClientFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the nodes of many clusters: one informer per cluster (see {@link ClusterWatch} for its
 * semantics), each on its own thread, so that a cluster that fails or hangs never holds the others
 * back. What it sees is published to {@link #subscribe subscribers} as {@link WatchEvent}s and kept
 * in a compact cache that {@link #snapshot} reads without any API call.
 *
 * <p>The API for the cli, the interactive screen and fleet mode:
 *
 * <ul>
 *   <li>{@link #start(WatchTarget)}, {@link #stop(String)}, {@link #restart(WatchTarget)}: one
 *       cluster's informer at run time (restart also drops its pooled client, so that a changed
 *       kubeconfig is used: fleet mode's reload);
 *   <li>{@link #synced()}: every started informer has completed its first list (readiness); {@link
 *       #awaitSynced(Duration)} waits for it;
 *   <li>{@link #snapshot(String)}, {@link #snapshots()}: per cluster the connection state, node
 *       count, Ready / NotReady / cordoned counts, totals, last error and the cached nodes;
 *   <li>{@link #subscribe(WatchListener)}: the event stream (node changes and connection changes).
 * </ul>
 *
 * <p>Clients come from a {@link ClientPool} (the long-running pool), fetched again at every
 * (re)connection; it must hold at least as many clients as clusters are watched.
 */
public final class WatchEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WatchEngine.class);
  private static final Duration STOP_WAIT = Duration.ofSeconds(5);

  private final WatchOptions options;
  private final ClientPool pool;
  private final KubeClientFactory factory;
  private final Clock clock;
  private final Semaphore listPermits;
  private final Map<String, ClusterWatch> watches = new LinkedHashMap<>();
  private final List<WatchListener> listeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService ticker;
  private volatile boolean closed;

  public WatchEngine(
      WatchOptions options, ClientPool pool, KubeClientFactory factory, Clock clock) {
    this.options = options;
    this.pool = pool;
    this.factory = factory;
    this.clock = clock;
    this.listPermits = new Semaphore(options.listConcurrency());
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "knm-watch-tick");
              t.setDaemon(true);
              return t;
            });
    long every = options.tick().toMillis();
    ticker.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
  }

  public WatchOptions options() {
    return options;
  }

  /**
   * Starts watching a cluster (its first list runs in the background; see {@link #snapshot}).
   *
   * @throws IllegalStateException if it is already watched, or the engine is closed
   */
  public synchronized void start(WatchTarget target) {
    if (closed) {
      throw new IllegalStateException("the watch engine is closed");
    }
    if (watches.containsKey(target.name())) {
      throw new IllegalStateException("cluster " + target.name() + " is already watched");
    }
    ClusterWatch w =
        new ClusterWatch(
            target.name(), () -> client(target), options, this::publish, clock, listPermits);
    watches.put(target.name(), w);
    w.start();
  }

  private ClusterClient client(WatchTarget t) {
    return pool.get(t.name(), () -> factory.create(t.name(), t.kubeconfigYaml(), t.tier()));
  }

  /**
   * Stops watching a cluster and forgets its cache; its subscribers get a STOPPED connection event.
   *
   * @return false if it was not watched
   */
  public boolean stop(String cluster) {
    ClusterWatch w;
    synchronized (this) {
      w = watches.remove(cluster);
    }
    if (w == null) {
      return false;
    }
    w.stop(STOP_WAIT);
    return true;
  }

  /**
   * Stops the cluster's informer if it runs, drops its pooled client, and starts it again from a
   * fresh list (with {@code target}'s kubeconfig). Its first list after a restart reports nothing:
   * the cache starts empty.
   */
  public void restart(WatchTarget target) {
    stop(target.name());
    pool.invalidate(target.name());
    start(target);
  }

  /** The watched clusters, in the order they were started. */
  public synchronized List<String> clusters() {
    return List.copyOf(watches.keySet());
  }

  /** True when every watched cluster has completed its first list (vacuously true for none). */
  public boolean synced() {
    for (ClusterWatch w : current()) {
      if (!w.synced()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Waits until {@link #synced()} or {@code timeout}; a cluster that FAILED (unusable kubeconfig)
   * does not hold the wait.
   *
   * @return whether every cluster that can sync has synced
   */
  public boolean awaitSynced(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      boolean all = true;
      for (ClusterWatch w : current()) {
        if (!w.synced() && w.state() != ConnectionState.FAILED) {
          all = false;
          break;
        }
      }
      if (all) {
        return true;
      }
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(20);
    }
  }

  /** The cluster's cache and state now, or empty when it is not watched. No API call. */
  public Optional<ClusterSnapshot> snapshot(String cluster) {
    ClusterWatch w;
    synchronized (this) {
      w = watches.get(cluster);
    }
    return w == null ? Optional.empty() : Optional.of(w.snapshot());
  }

  /** Every watched cluster's snapshot, in start order. */
  public List<ClusterSnapshot> snapshots() {
    List<ClusterSnapshot> out = new ArrayList<>();
    for (ClusterWatch w : current()) {
      out.add(w.snapshot());
    }
    return out;
  }

  /** A subscription; closing it stops the deliveries to its listener. */
  public interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Delivers every event from now on to {@code listener} (see {@link WatchListener} for threads and
   * backpressure).
   */
  public Subscription subscribe(WatchListener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  private void publish(WatchEvent e) {
    for (WatchListener l : listeners) {
      try {
        l.onEvent(e);
      } catch (RuntimeException ex) {
        LOG.warn("a watch listener failed: {}", ex.toString());
      }
    }
  }

  private synchronized List<ClusterWatch> current() {
    return new ArrayList<>(watches.values());
  }

  private void tick() {
    for (ClusterWatch w : current()) {
      try {
        w.tick();
      } catch (RuntimeException e) {
        LOG.warn("cluster {}: watch tick failed: {}", w.cluster(), e.toString());
      }
    }
  }

  /** Stops every informer (in parallel) and the ticker; the pool is the caller's to close. */
  @Override
  public void close() {
    List<ClusterWatch> all;
    synchronized (this) {
      closed = true;
      all = new ArrayList<>(watches.values());
      watches.clear();
    }
    ticker.shutdownNow();
    List<Thread> stoppers = new ArrayList<>();
    for (ClusterWatch w : all) {
      Thread t = new Thread(() -> w.stop(STOP_WAIT), "knm-watch-stop");
      t.setDaemon(true);
      t.start();
      stoppers.add(t);
    }
    for (Thread t : stoppers) {
      try {
        t.join(STOP_WAIT.toMillis() + 1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
