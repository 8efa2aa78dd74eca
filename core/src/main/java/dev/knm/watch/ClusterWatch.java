package dev.knm.watch;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import dev.knm.error.InvalidInputException;
import dev.knm.kube.KubeClusterProbe;
import dev.knm.kube.NodeReader;
import dev.knm.kube.model.NodeDoc;
import dev.knm.kube.model.NodeDocDecoder;
import dev.knm.kube.model.NodeSummary;
import dev.knm.kube.paging.ListPager;
import dev.knm.kube.transport.ClusterClient;
import dev.knm.kube.transport.KubeApiException;
import dev.knm.kube.transport.KubeIoException;
import dev.knm.kube.transport.KubeTimeoutException;
import dev.knm.kube.transport.WatchStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cluster's node informer: list (paginated, through {@link ListPager} and the lean node
 * decoder), then watch from the list's resourceVersion with bookmarks; a watch that ends or drops
 * is resumed at once from the last resourceVersion seen; 410 Gone (or a resourceVersion the server
 * does not have yet, after it was restored) lists again and reports the difference from the cache
 * as catch-up changes; a failed list or watch is retried with exponential backoff (Failsafe) in the
 * RECONNECTING state, the cache kept meanwhile. A periodic resync (if set) lists again the same
 * way.
 *
 * <p>The cache holds {@link NodeSummary} (no images, managedFields or heartbeat times) with each
 * node's resourceVersion, its strings pooled. An event whose node version is not newer than the
 * cached one is a replay and changes nothing: what a resumed or restarted watch sends again is
 * never reported twice.
 *
 * <p>Threads: one per cluster runs the loop; listeners are called on it (or on the engine's tick
 * thread for settled events), under a lock that keeps one cluster's events in order. The cache is
 * read without that lock ({@link #snapshot()}).
 */
final class ClusterWatch {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterWatch.class);
  private static final int PAGE_SIZE = 500;

  /** A cached node and the resourceVersion it was seen at (-1 when not a number). */
  private record Cached(NodeSummary node, long version, String resourceVersion) {}

  private final String cluster;
  private final Supplier<ClusterClient> clients;
  private final WatchOptions options;
  private final Consumer<WatchEvent> publish;
  private final Clock clock;
  private final Semaphore listPermits;
  private final Object publishLock = new Object();
  private final FlapDetector flaps;

  private volatile Map<String, Cached> nodes = new ConcurrentHashMap<>();
  private volatile ConnectionState state = ConnectionState.CONNECTING;
  private volatile boolean synced;
  private volatile String lastError;
  private volatile Instant lastContact;
  private volatile Instant syncedAt;
  private volatile String kubernetesVersion;
  private volatile String resourceVersion;
  private volatile boolean relistNeeded;
  private volatile boolean stopped;

  /** How long a stop waits for the loop when it is not blocked in a read. */
  private static final long STOP_JOIN_MILLIS = 300;

  private volatile WatchStream current;
  private volatile Instant streamOpenedAt;
  private StringPool pool = new StringPool(1000);
  private Thread thread;

  ClusterWatch(
      String cluster,
      Supplier<ClusterClient> clients,
      WatchOptions options,
      Consumer<WatchEvent> publish,
      Clock clock,
      Semaphore listPermits) {
    this.cluster = cluster;
    this.clients = clients;
    this.options = options;
    this.publish = publish;
    this.clock = clock;
    this.listPermits = listPermits;
    this.flaps = new FlapDetector(options.flaps());
  }

  String cluster() {
    return cluster;
  }

  synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("already started");
    }
    thread = new Thread(this::run, "knm-watch-" + cluster);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Stops the loop, dropping its connection; waits up to {@code wait} for it to end. The loop
   * publishes nothing once stopped, so a loop still blocked in a read (HttpURLConnection's
   * disconnect waits for a read in another thread to return: the next event or bookmark) is left to
   * end by itself rather than waited for: stopping a watch, and so quitting knm, never waits for
   * the server.
   */
  void stop(Duration wait) {
    stopped = true;
    WatchStream s = current;
    if (s != null) {
      Thread closer = new Thread(s::close, "knm-watch-close-" + cluster);
      closer.setDaemon(true);
      closer.start();
    }
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null && t != Thread.currentThread()) {
      t.interrupt();
      try {
        t.join(Math.min(wait.toMillis(), STOP_JOIN_MILLIS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    setState(ConnectionState.STOPPED, null, null, 0); // also for a loop that had ended (FAILED)
  }

  boolean synced() {
    return synced;
  }

  ConnectionState state() {
    return state;
  }

  // ---------------------------------------------------------------- the loop

  private void run() {
    RetryPolicy<Object> reconnect =
        RetryPolicy.builder()
            .handleIf(e -> !stopped && !(e instanceof InvalidInputException))
            .withBackoff(options.backoffBase(), options.backoffMax())
            .withJitter(0.1)
            .withMaxRetries(-1)
            .onRetryScheduled(e -> reconnecting(e.getLastException(), e.getDelay()))
            .build();
    try {
      while (!stopped) {
        try {
          // one execution = getting back to a working watch; its backoff starts afresh each time
          Failsafe.with(reconnect).run(this::connectOnce);
        } catch (InvalidInputException e) {
          failed(e);
          return;
        } catch (RuntimeException e) {
          if (!stopped) {
            LOG.warn("cluster {}: watch loop failed: {}", cluster, e.toString());
            failed(e);
          }
          return;
        }
      }
    } finally {
      if (stopped) {
        setState(ConnectionState.STOPPED, null, null, 0);
      }
    }
  }

  /**
   * Lists when there is no version to resume from (or a relist is due), then watches until the
   * watch ends. Returns normally when a working watch ended (the caller resumes at once); throws
   * when it could not list or open a watch (the caller backs off).
   */
  private void connectOnce() {
    if (stopped) {
      return;
    }
    ClusterClient client = clients.get();
    if (resourceVersion == null || relistNeeded) {
      relist(client);
    }
    if (!stopped) {
      watch(client);
    }
  }

  private void relist(ClusterClient client) {
    try {
      listPermits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubeIoException("GET", NodeReader.NODES_PATH, new java.io.InterruptedIOException());
    }
    try {
      String version = version(client);
      StringPool fresh = new StringPool(1000);
      Map<String, Cached> listed = new HashMap<>();
      ListPager.Listed result =
          new ListPager(client)
              .list(
                  NodeReader.NODES_PATH,
                  query(),
                  PAGE_SIZE,
                  0,
                  client.tier().request(),
                  new ListPager.ItemType<>((p, page) -> NodeDocDecoder.node(p), NodeDoc::name),
                  page -> {
                    for (NodeDoc d : page) {
                      if (d != null && d.name() != null) {
                        listed.put(d.name(), cached(d, fresh));
                      }
                    }
                    lastContact = now();
                  });
      if (result.resourceVersion() == null) {
        throw new KubeIoException(
            "GET", NodeReader.NODES_PATH, new IOException("the node list has no resourceVersion"));
      }
      applyList(listed, result.resourceVersion(), version, fresh);
    } finally {
      listPermits.release();
    }
  }

  /** The server's version, read when listing; a failure here does not fail the list. */
  private String version(ClusterClient client) {
    try {
      return KubeClusterProbe.version(client);
    } catch (RuntimeException e) {
      LOG.debug("cluster {}: /version failed: {}", cluster, e.toString());
      return kubernetesVersion;
    }
  }

  private Cached cached(NodeDoc d, StringPool p) {
    NodeSummary n = d.toSummary().withStrings(p::of);
    return new Cached(n, number(d.resourceVersion()), d.resourceVersion());
  }

  private static long number(String rv) {
    if (rv == null) {
      return -1;
    }
    try {
      return Long.parseLong(rv);
    } catch (NumberFormatException e) {
      return -1; // resourceVersions are opaque; etcd's are numbers, others are compared as equal
    }
  }

  /** Swaps in a fresh list; after the first, reports how it differs from the cache (catch-up). */
  private void applyList(
      Map<String, Cached> listed, String listVersion, String version, StringPool freshPool) {
    synchronized (publishLock) {
      Instant now = now();
      List<NodeEvent> events = new ArrayList<>();
      boolean first = !synced;
      if (!first) {
        Map<String, Cached> old = nodes;
        for (Cached c : sorted(listed.values())) {
          Cached o = old.get(c.node().name());
          if (o == null) {
            events.add(NodeDiff.added(cluster, c.node(), now, c.resourceVersion(), true));
          } else if (!o.node().equals(c.node())) {
            events.addAll(
                NodeDiff.between(cluster, o.node(), c.node(), now, c.resourceVersion(), true));
          }
        }
        for (Cached o : sorted(old.values())) {
          if (!listed.containsKey(o.node().name())) {
            events.add(NodeDiff.removed(cluster, o.node(), now, listVersion, true));
          }
        }
      }
      nodes = new ConcurrentHashMap<>(listed);
      pool = freshPool;
      resourceVersion = listVersion;
      relistNeeded = false;
      kubernetesVersion = version;
      syncedAt = now;
      lastContact = now;
      lastError = null;
      synced = true;
      List<NodeEvent> out = flaps.filter(events);
      publishState(
          ConnectionState.SYNCED, null, null, out.size()); // also SYNCED → SYNCED: a relist
      out.forEach(publish);
    }
  }

  private static List<Cached> sorted(java.util.Collection<Cached> c) {
    List<Cached> l = new ArrayList<>(c);
    l.sort(Comparator.comparing(x -> x.node().name()));
    return l;
  }

  private Map<String, String> query() {
    Map<String, String> q = new LinkedHashMap<>();
    if (options.labelSelector() != null && !options.labelSelector().isBlank()) {
      q.put("labelSelector", options.labelSelector());
    }
    return q;
  }

  /**
   * Watches from the last version until the stream ends (normally) or cannot be opened (throws).
   */
  private void watch(ClusterClient client) {
    long base = options.watchTimeout().getSeconds();
    long timeoutSeconds = base + ThreadLocalRandom.current().nextLong(base + 1);
    Map<String, String> q = query();
    q.put("watch", "true");
    q.put("resourceVersion", resourceVersion);
    q.put("allowWatchBookmarks", "true");
    q.put("timeoutSeconds", Long.toString(timeoutSeconds));
    WatchStream s;
    try {
      s = client.watch(NodeReader.NODES_PATH, q, Duration.ofSeconds(timeoutSeconds + 30));
    } catch (KubeApiException e) {
      if (expired(e.code(), e.getMessage())) {
        LOG.info(
            "cluster {}: resourceVersion {} is gone ({}): listing again",
            cluster,
            resourceVersion,
            e.statusLine());
        relistNeeded = true;
        return;
      }
      throw client.unreachable("GET", NodeReader.NODES_PATH + " (watch)", e, 0);
    } catch (KubeIoException | KubeTimeoutException e) {
      throw client.unreachable("GET", NodeReader.NODES_PATH + " (watch)", e, 0);
    }
    current = s;
    if (stopped) {
      s.close();
      return;
    }
    streamOpenedAt = now();
    int items = 0;
    try (s) {
      while (!stopped && !relistNeeded) {
        WatchStream.Event<NodeDoc> event = s.next(NodeDocDecoder::node);
        if (stopped) {
          return; // read while being stopped: published by no one
        }
        if (event == null) {
          LOG.debug("cluster {}: watch ended after {} events; resuming", cluster, items);
          return;
        }
        items++;
        lastContact = now();
        handle(event);
        if (!relistNeeded) {
          resumed();
        }
      }
    } catch (KubeIoException e) {
      if (stopped || relistNeeded) {
        return;
      }
      if (items == 0) {
        // dropped before anything came: treat as a failure, so that a server that accepts and
        // drops at once is retried with backoff, not in a tight loop
        throw new KubeIoException("GET", NodeReader.NODES_PATH + " (watch)", cause(e));
      }
      LOG.debug(
          "cluster {}: watch dropped after {} events ({}); resuming",
          cluster,
          items,
          cause(e).toString());
    } finally {
      current = null;
      streamOpenedAt = null;
    }
  }

  /** The I/O failure a {@link WatchStream} wrapped. */
  private static IOException cause(KubeIoException e) {
    return e.getCause() instanceof IOException io ? io : new IOException(e.getMessage(), e);
  }

  /**
   * A watch resumed after RECONNECTING: SYNCED once it delivers something that is not a 410 (a
   * server answers a watch from a forgotten version with 200 and then a 410 ERROR), or once it has
   * been open a second (see {@link #tick()}). What was missed is replayed as ordinary events.
   */
  private void resumed() {
    if (state != ConnectionState.SYNCED) {
      synchronized (publishLock) {
        if (state == ConnectionState.RECONNECTING && !relistNeeded && !stopped) {
          lastError = null;
          setState(ConnectionState.SYNCED, null, null, 0);
        }
      }
    }
  }

  /** 410 Gone, or a resourceVersion newer than the server has (it was restored): list again. */
  private static boolean expired(int code, String message) {
    return code == 410
        || code == 504 && message != null && message.contains("Too large resource version");
  }

  private void handle(WatchStream.Event<NodeDoc> event) {
    switch (event.type()) {
      case "BOOKMARK" -> {
        if (event.object() != null && event.object().resourceVersion() != null) {
          resourceVersion = event.object().resourceVersion();
        }
      }
      case "ERROR" -> {
        int code = event.code();
        String message = event.status().message();
        if (expired(code, message)) {
          LOG.info(
              "cluster {}: watch from {} expired ({}): listing again",
              cluster,
              resourceVersion,
              message);
          relistNeeded = true;
        } else {
          throw new KubeApiException(
              "GET",
              NodeReader.NODES_PATH,
              code,
              null,
              message == null ? "watch error" : message,
              null,
              null);
        }
      }
      case "ADDED", "MODIFIED" -> updated(event.object());
      case "DELETED" -> deleted(event.object());
      default -> LOG.debug("cluster {}: ignoring watch event type {}", cluster, event.type());
    }
  }

  private void updated(NodeDoc d) {
    if (d == null || d.name() == null) {
      return;
    }
    synchronized (publishLock) {
      if (d.resourceVersion() != null) {
        resourceVersion = d.resourceVersion();
      }
      long version = number(d.resourceVersion());
      Cached old = nodes.get(d.name());
      if (old != null && version >= 0 && version <= old.version()) {
        return; // a replay of what the cache already has
      }
      NodeSummary fresh = d.toSummary();
      if (old != null && old.node().equals(fresh)) {
        // nothing significant or cached changed (a heartbeat): keep the pooled node, new version
        nodes.put(d.name(), new Cached(old.node(), version, d.resourceVersion()));
        return;
      }
      Cached c = new Cached(fresh.withStrings(pool::of), version, d.resourceVersion());
      nodes.put(d.name(), c);
      Instant now = now();
      List<NodeEvent> events =
          old == null
              ? List.of(NodeDiff.added(cluster, c.node(), now, c.resourceVersion(), false))
              : NodeDiff.between(cluster, old.node(), c.node(), now, c.resourceVersion(), false);
      flaps.filter(events).forEach(publish);
    }
  }

  private void deleted(NodeDoc d) {
    if (d == null || d.name() == null) {
      return;
    }
    synchronized (publishLock) {
      String rv = d.resourceVersion();
      if (rv != null) {
        resourceVersion = rv;
      }
      Cached old = nodes.get(d.name());
      long v = number(rv);
      if (old == null || v >= 0 && v <= old.version()) {
        return;
      }
      nodes.remove(d.name());
      flaps
          .filter(List.of(NodeDiff.removed(cluster, old.node(), now(), rv, false)))
          .forEach(publish);
    }
  }

  // ---------------------------------------------------------------- state

  private void reconnecting(Throwable cause, Duration retryIn) {
    if (stopped) {
      return;
    }
    String why = oneLine(cause);
    LOG.info("cluster {}: {}; retrying in {}", cluster, why, retryIn);
    synchronized (publishLock) {
      lastError = why;
      setState(ConnectionState.RECONNECTING, why, retryIn, 0);
    }
  }

  private void failed(Throwable cause) {
    synchronized (publishLock) {
      lastError =
          oneLine(
              cause instanceof FailsafeException && cause.getCause() != null
                  ? cause.getCause()
                  : cause);
      setState(ConnectionState.FAILED, lastError, null, 0);
    }
  }

  /**
   * Publishes a ConnectionEvent when the state changes (RECONNECTING: each time, with its delay).
   */
  private void setState(ConnectionState to, String error, Duration retryIn, int catchUp) {
    synchronized (publishLock) {
      if (state == to && to != ConnectionState.RECONNECTING) {
        return;
      }
      publishState(to, error, retryIn, catchUp);
    }
  }

  private void publishState(ConnectionState to, String error, Duration retryIn, int catchUp) {
    synchronized (publishLock) {
      ConnectionState from = state;
      state = to;
      Map<String, Cached> n = nodes;
      int ready = 0;
      for (Cached c : n.values()) {
        if (c.node().ready()) {
          ready++;
        }
      }
      publish.accept(
          new ConnectionEvent(cluster, from, to, error, retryIn, n.size(), ready, catchUp, now()));
    }
  }

  /** The first line of a failure's message, without a leading "cluster NAME: ". */
  private String oneLine(Throwable t) {
    String m = t == null ? null : t.getMessage();
    if (m == null || m.isBlank()) {
      m = t == null ? "unknown error" : t.getClass().getSimpleName();
    }
    m = m.lines().findFirst().orElse("").strip();
    String prefix = "cluster " + cluster + ": ";
    return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
  }

  /** Now, to the microsecond: what the store keeps, so that recorded events read as printed. */
  private Instant now() {
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
  }

  /** Settles flapping nodes and makes a resync due; called by the engine's tick thread. */
  void tick() {
    if (stopped) {
      return;
    }
    Instant now = now();
    Instant opened = streamOpenedAt;
    if (opened != null && !now.isBefore(opened.plusSeconds(1))) {
      resumed();
    }
    Duration resync = options.resync();
    if (!resync.isZero() && synced && !relistNeeded && state == ConnectionState.SYNCED) {
      Instant last = syncedAt;
      if (last != null && !now.isBefore(last.plus(resync))) {
        relistNeeded = true;
        WatchStream s = current;
        if (s != null) {
          s.close(); // the watch loop sees it end and lists again
        }
      }
    }
    synchronized (publishLock) {
      Map<String, Cached> n = nodes;
      List<NodeEvent> settled =
          flaps.tick(
              cluster,
              now,
              name -> {
                Cached c = n.get(name);
                NodeSummary.Condition r = c == null ? null : c.node().condition("Ready");
                return c == null ? null : r == null ? "Unknown" : r.status();
              },
              name -> {
                Cached c = n.get(name);
                return c == null ? null : c.resourceVersion();
              });
      settled.forEach(publish);
    }
  }

  /** The cache as it is now; reads no lock. */
  ClusterSnapshot snapshot() {
    Map<String, Cached> n = nodes;
    List<NodeSummary> list = new ArrayList<>(n.size());
    int ready = 0;
    int cordoned = 0;
    long cpu = 0;
    long mem = 0;
    long gpus = 0;
    for (Cached c : n.values()) {
      NodeSummary s = c.node();
      list.add(s);
      if (s.ready()) {
        ready++;
      }
      if (s.unschedulable()) {
        cordoned++;
      }
      cpu += s.allocatable().cpuMillis();
      mem += s.allocatable().memoryBytes();
      gpus += s.allocatable().gpus();
    }
    list.sort(Comparator.comparing(NodeSummary::name));
    return new ClusterSnapshot(
        cluster,
        state,
        synced,
        list.size(),
        ready,
        list.size() - ready,
        cordoned,
        cpu,
        mem,
        gpus,
        kubernetesVersion,
        resourceVersion,
        lastContact,
        syncedAt,
        lastError,
        List.copyOf(list));
  }
}
