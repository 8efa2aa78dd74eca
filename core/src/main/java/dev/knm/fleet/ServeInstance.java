package dev.knm.fleet;

import dev.knm.cluster.ClusterService;
import dev.knm.error.ErrorText;
import dev.knm.error.KnmException;
import dev.knm.store.ChangeListener;
import dev.knm.store.ClusterChange;
import dev.knm.store.Dialect;
import dev.knm.store.StoreLocation;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One fleet instance: the watch's informers, the HTTP endpoint, and the store's change feed
 * (LISTEN/NOTIFY on PostgreSQL, a periodic comparison of the clusters' rows on H2), put together
 * and taken apart in order. A shutdown turns readiness 503 first, lets reloads in flight finish,
 * stops the informers, and closes the port last.
 */
public final class ServeInstance {
  /**
   * @param server where and how to serve
   * @param selection which clusters to watch
   * @param pollInterval how often an H2 store's rows are compared
   */
  public record Config(
      FleetServer.Settings server, ClusterReloader.Selection selection, Duration pollInterval) {}

  private final Config config;
  private final Map<String, String> env;
  private final ClusterService clusters;
  private final StoreLocation store;
  private final WatchedClusters watched;
  private final NodeListWriter nodeList;
  private final FleetLog log;
  private final HostResolver resolver;

  private FleetServer server;
  private ChangeListener listener;
  private ScheduledExecutorService poller;
  private ClusterReloader reloader;
  private final InstanceIdentity identity;
  private final FleetMetrics metrics;
  private boolean stopped;

  public ServeInstance(
      Config config,
      Map<String, String> env,
      ClusterService clusters,
      StoreLocation store,
      WatchedClusters watched,
      NodeListWriter nodeList,
      FleetLog log,
      HostResolver resolver) {
    this.config = config;
    this.env = env;
    this.clusters = clusters;
    this.store = store;
    this.watched = watched;
    this.nodeList = nodeList;
    this.log = log;
    this.resolver = resolver;
    this.identity = InstanceIdentity.of(env, advertised(config.server().bind()));
    this.metrics = new FleetMetrics(identity.id(), watched, this::ready);
  }

  /**
   * Starts everything; on failure stops what was started and throws.
   *
   * @throws dev.knm.error.NotFoundException when a cluster named with -c is not in the store
   * @throws dev.knm.error.UsageException for a non-loopback address without a token
   */
  public void start() {
    try {
      if (!config.selection().everyCluster() && !config.selection().names().isEmpty()) {
        clusters.openAll(List.copyOf(config.selection().names())); // unknown names fail here
      }
      reloader = new ClusterReloader(clusters, watched, config.selection(), log, metrics);
      if (store.dialect() == Dialect.POSTGRESQL) {
        listener =
            new ChangeListener(
                    store,
                    change -> onChange(change, metrics),
                    () -> reloader.reconcile("notify"),
                    problem -> log.warn("store listen lost, reconnecting", "error", problem))
                .start();
      }
      reloader.reconcile("start");
      server =
          FleetServer.start(
              config.server(),
              new FleetServer.Backend(identity, watched, reloader, metrics, nodeList, log));
      if (listener == null) {
        poller =
            Executors.newSingleThreadScheduledExecutor(
                r -> {
                  Thread t = new Thread(r, "knm-store-poll");
                  t.setDaemon(true);
                  return t;
                });
        long every = config.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(() -> poll(metrics), every, every, TimeUnit.MILLISECONDS);
      }
      InstanceAddress bound = server.address();
      log.info(
          "serving",
          "instance",
          identity.id(),
          "identity_from",
          identity.source(),
          "address",
          bound.toString(),
          "tls",
          config.server().tls() != null,
          "auth",
          config.server().token() != null ? "bearer" : "none",
          "store_changes",
          listener != null ? "listen" : "poll " + config.pollInterval().toMillis() + "ms",
          "clusters",
          reloader.watching().size());
      logPeers(bound);
    } catch (RuntimeException e) {
      stopQuietly();
      throw e;
    }
  }

  /** The seed's start-up line: "found N instances from X" (itself left out). */
  private void logPeers(InstanceAddress bound) {
    PeerDiscovery discovery = new PeerDiscovery(env, resolver);
    try {
      Set<InstanceAddress> self = discovery.selfAddresses(advertised(bound));
      self.add(bound);
      Peers peers = discovery.discover(List.of(), self);
      if (!peers.configured()) {
        log.info("no other instances found: discovery not configured");
      } else if (peers.problem() != null) {
        log.warn("no other instances found", "source", peers.source(), "error", peers.problem());
      } else {
        log.info(
            "found " + peers.instances().size() + " instances from " + peers.source(),
            "instances",
            String.join(",", peers.instances().stream().map(Object::toString).toList()));
      }
    } catch (KnmException e) {
      log.warn("discovery misconfigured", "error", e.getMessage());
    }
  }

  private void onChange(ClusterChange change, FleetMetrics metrics) {
    metrics.storeChange("notify");
    if (change.cluster() != null
        && (change.op().equals(ClusterChange.IMPORT) || change.op().equals(ClusterChange.REMOVE))) {
      reloader.tryReload(change.cluster(), "notify");
    } else {
      reloader.reconcile("notify");
    }
  }

  private void poll(FleetMetrics metrics) {
    try {
      metrics.storeChange("poll");
      reloader.reconcile("poll");
    } catch (RuntimeException e) {
      log.warn("store poll failed", "error", ErrorText.of(e));
    }
  }

  /** The address others reach this one at: POD_IP, else the bound host (a wildcard: this host). */
  private InstanceAddress advertised(InstanceAddress bound) {
    String podIp = env.get(FleetEnv.POD_IP);
    if (podIp != null && !podIp.isBlank()) {
      return new InstanceAddress(podIp.strip(), bound.port());
    }
    if (bound.host().equals("0.0.0.0") || bound.host().equals("::")) {
      try {
        return InstanceAddress.of(InetAddress.getLocalHost(), bound.port());
      } catch (UnknownHostException e) {
        return bound;
      }
    }
    return bound;
  }

  /** The instance's metrics, for the watch's events and API calls to be counted in. */
  public FleetMetrics metrics() {
    return metrics;
  }

  public InstanceIdentity identity() {
    return identity;
  }

  public InstanceAddress address() {
    return server.address();
  }

  public boolean ready() {
    return server != null && server.ready();
  }

  /**
   * Stops in order within {@code grace}: readiness 503 at once, reloads in flight finish, the store
   * feed and the informers stop, then the port closes.
   *
   * @return true when everything finished within the grace period
   */
  public synchronized boolean shutdown(Duration grace) throws InterruptedException {
    if (stopped) {
      return true;
    }
    stopped = true;
    long deadline = System.nanoTime() + grace.toNanos();
    server.beginShutdown();
    log.info("shutting down", "instance", identity.id(), "grace_ms", grace.toMillis());
    boolean drained = server.awaitReloads(grace);
    if (!drained) {
      log.warn("shutdown grace over with reloads in flight", "instance", identity.id());
    }
    stopFeed();
    watched.stopAll();
    server.close();
    boolean inTime = System.nanoTime() <= deadline;
    log.info("stopped", "instance", identity.id());
    return drained && inTime;
  }

  private void stopFeed() {
    if (poller != null) {
      poller.shutdownNow();
    }
    if (listener != null) {
      listener.close();
    }
  }

  private void stopQuietly() {
    stopFeed();
    try {
      watched.stopAll();
    } catch (RuntimeException ignored) {
      // failing anyway
    }
    if (server != null) {
      server.close();
    }
  }
}
