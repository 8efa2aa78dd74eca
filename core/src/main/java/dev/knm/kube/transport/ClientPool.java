package dev.knm.kube.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Clients for long-running modes: at most {@code maxSize} (100) kept, least recently used evicted
 * first, and clients idle longer than {@code idle} closed by {@link #evictIdle()}: on every {@link
 * #get}, and from a background sweep in a pool made by {@link #sweeping} (so an idle pool does not
 * keep connections to clusters nobody asks about any more). Evicted clients are closed. One-shot
 * commands do not need a pool: they build the clients they need with {@link KubeClientFactory} and
 * close them.
 */
public final class ClientPool implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClientPool.class);
  public static final int DEFAULT_MAX = 100;

  private record Entry(ClusterClient client, long lastUsedNanos) {}

  private final int maxSize;
  private final long idleNanos;
  private final LongSupplier nanoClock;
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private volatile ScheduledExecutorService sweeper;

  public ClientPool(int maxSize, Duration idle, LongSupplier nanoClock) {
    if (maxSize < 1) {
      throw new IllegalArgumentException("maxSize must be at least 1");
    }
    this.maxSize = maxSize;
    this.idleNanos = idle.toNanos();
    this.nanoClock = nanoClock;
  }

  public ClientPool(Duration idle) {
    this(DEFAULT_MAX, idle, System::nanoTime);
  }

  /**
   * A pool of at most {@link #DEFAULT_MAX} clients whose idle ones are also closed by a daemon
   * thread every {@code idle / 2} (at least every second); {@link #close()} stops it.
   */
  public static ClientPool sweeping(Duration idle) {
    ClientPool pool = new ClientPool(idle);
    long every = Math.max(1000, idle.toMillis() / 2);
    ScheduledExecutorService s =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "knm-client-pool-sweep");
              t.setDaemon(true);
              return t;
            });
    s.scheduleWithFixedDelay(pool::sweep, every, every, TimeUnit.MILLISECONDS);
    pool.sweeper = s;
    return pool;
  }

  private void sweep() {
    try {
      int n = evictIdle();
      if (n > 0) {
        LOG.debug("closed {} idle cluster client(s)", n);
      }
    } catch (RuntimeException e) {
      LOG.warn("closing idle cluster clients failed: {}", e.toString()); // keep sweeping
    }
  }

  /** The pooled client for {@code cluster}, built by {@code create} on first use. */
  public ClusterClient get(String cluster, Supplier<ClusterClient> create) {
    evictIdle();
    List<ClusterClient> evicted = new ArrayList<>();
    ClusterClient c;
    synchronized (this) {
      Entry e = entries.get(cluster);
      if (e != null) {
        entries.put(cluster, new Entry(e.client(), nanoClock.getAsLong()));
        return e.client();
      }
      c = create.get();
      entries.put(cluster, new Entry(c, nanoClock.getAsLong()));
      Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
      while (entries.size() > maxSize && it.hasNext()) {
        Map.Entry<String, Entry> oldest = it.next();
        evicted.add(oldest.getValue().client());
        it.remove();
      }
    }
    closeAll(evicted);
    return c;
  }

  /** Closes and forgets one cluster's client (after its kubeconfig changed). */
  public void invalidate(String cluster) {
    Entry e;
    synchronized (this) {
      e = entries.remove(cluster);
    }
    if (e != null) {
      closeAll(List.of(e.client()));
    }
  }

  /** Closes clients not used for longer than the idle time. Returns how many were closed. */
  public int evictIdle() {
    long now = nanoClock.getAsLong();
    List<ClusterClient> evicted = new ArrayList<>();
    synchronized (this) {
      Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
      while (it.hasNext()) {
        Entry e = it.next().getValue();
        if (now - e.lastUsedNanos() > idleNanos) {
          evicted.add(e.client());
          it.remove();
        }
      }
    }
    closeAll(evicted);
    return evicted.size();
  }

  public synchronized int size() {
    return entries.size();
  }

  public synchronized boolean contains(String cluster) {
    return entries.containsKey(cluster);
  }

  @Override
  public void close() {
    ScheduledExecutorService s = sweeper;
    if (s != null) {
      s.shutdownNow();
    }
    List<ClusterClient> all;
    synchronized (this) {
      all = new ArrayList<>();
      entries.values().forEach(e -> all.add(e.client()));
      entries.clear();
    }
    closeAll(all);
  }

  private static void closeAll(List<ClusterClient> clients) {
    for (ClusterClient c : clients) {
      try {
        c.close();
      } catch (RuntimeException e) {
        LOG.debug("closing client for cluster {} failed", c.cluster(), e);
      }
    }
  }
}
