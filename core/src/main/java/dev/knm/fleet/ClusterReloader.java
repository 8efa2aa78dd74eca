package dev.knm.fleet;

import dev.knm.cluster.ClusterQuery;
import dev.knm.cluster.ClusterService;
import dev.knm.cluster.ClusterView;
import dev.knm.cluster.OpenedCluster;
import dev.knm.error.ErrorText;
import dev.knm.error.NotFoundException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Brings one cluster's informer in line with the store: starts it when the cluster is new here,
 * restarts it when the stored row changed (or the informer never synced), stops it when the cluster
 * was removed, and leaves it alone otherwise. The same cluster is never reloaded twice at once; a
 * broadcast and a store notification for one change make one restart, not two.
 */
public final class ClusterReloader {
  /** Which clusters this instance watches: every one ({@code --all}), or the named ones. */
  public record Selection(boolean everyCluster, Set<String> names) {
    public Selection {
      names = Set.copyOf(names);
    }

    public static Selection allClusters() {
      return new Selection(true, Set.of());
    }

    public boolean includes(String cluster) {
      return everyCluster || names.contains(cluster);
    }
  }

  /**
   * The stored row an informer was started from. A new id or update time means a restart; a new key
   * id alone (rotate-key re-seals the same kubeconfig) only proves the key by opening it.
   */
  private record Version(UUID id, Instant updatedAt, String keyId) {
    boolean sameKubeconfig(Version other) {
      return other != null && id.equals(other.id) && updatedAt.equals(other.updatedAt);
    }
  }

  private final ClusterService clusters;
  private final WatchedClusters watched;
  private final Selection selection;
  private final FleetLog log;
  private final FleetMetrics metrics;
  private final Map<String, Version> running = new ConcurrentHashMap<>();

  /** Versions whose reload failed: background comparisons do not retry them (no log flood). */
  private final Map<String, Version> failed = new ConcurrentHashMap<>();

  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  public ClusterReloader(
      ClusterService clusters,
      WatchedClusters watched,
      Selection selection,
      FleetLog log,
      FleetMetrics metrics) {
    this.clusters = clusters;
    this.watched = watched;
    this.selection = selection;
    this.log = log;
    this.metrics = metrics;
  }

  /**
   * Reloads {@code name} from the store.
   *
   * @param trigger what asked for it, for logs and metrics: http, notify, poll, start
   * @throws NotFoundException when the cluster is neither in the store nor watched here
   * @throws dev.knm.error.KnmException when the store or key fails (the informer is left as it was)
   */
  public ReloadAction reload(String name, String trigger) {
    synchronized (locks.computeIfAbsent(name, n -> new Object())) {
      ReloadAction action;
      try {
        action = reloadLocked(name);
      } catch (RuntimeException e) {
        metrics.reload(trigger, "failed");
        log.error(
            "reload failed",
            "cluster",
            name,
            "trigger",
            trigger,
            "error",
            e instanceof NotFoundException ? e.getMessage() : ErrorText.of(e));
        throw e;
      }
      metrics.reload(trigger, action.label());
      log.info("reload ok", "cluster", name, "trigger", trigger, "action", action.label());
      return action;
    }
  }

  private ReloadAction reloadLocked(String name) {
    boolean watching = running.containsKey(name);
    OpenedCluster opened;
    try {
      opened = clusters.openAll(List.of(name)).get(0);
    } catch (NotFoundException e) {
      if (watching) {
        watched.stop(name);
        running.remove(name);
        return ReloadAction.STOPPED;
      }
      throw e;
    }
    if (opened.failure() != null) {
      throw opened.failure(); // another key, altered data: the informer stays as it was
    }
    if (!selection.includes(name)) {
      return ReloadAction.NOT_WATCHED;
    }
    Version version = version(opened.view());
    failed.remove(name);
    if (watching && version.sameKubeconfig(running.get(name)) && healthy(name)) {
      running.put(name, version); // at most the key changed, and it opened with ours
      return ReloadAction.UNCHANGED;
    }
    watched.start(opened);
    running.put(name, version);
    return watching ? ReloadAction.RESTARTED : ReloadAction.STARTED;
  }

  /**
   * Compares every live cluster with what runs here and reloads the differences (start-up, a store
   * notification naming no cluster, a poll, a reconnected LISTEN). Failures are logged and counted;
   * the others go on.
   */
  public void reconcile(String trigger) {
    List<ClusterView> live = clusters.list(ClusterQuery.all()).items();
    Set<String> names = new HashSet<>();
    for (ClusterView v : live) {
      String name = v.cluster().name();
      names.add(name);
      Version stored = version(v);
      if (selection.includes(name)
          && !stored.equals(running.get(name))
          && !stored.equals(failed.get(name))) {
        if (!tryReload(name, trigger)) {
          failed.put(name, stored);
        }
      }
    }
    for (String name : Set.copyOf(running.keySet())) {
      if (!names.contains(name)) {
        tryReload(name, trigger);
      }
    }
  }

  /** Reloads and logs, never throws (background triggers); false when it failed. */
  public boolean tryReload(String name, String trigger) {
    try {
      reload(name, trigger);
      return true;
    } catch (RuntimeException e) {
      return false; // logged and counted by reload
    }
  }

  /** The names this instance watches clusters of. */
  public Set<String> watching() {
    return Set.copyOf(running.keySet());
  }

  private boolean healthy(String name) {
    return watched.clusters().stream()
        .filter(c -> c.name().equals(name))
        .anyMatch(c -> c.synced() || c.state().equals("connecting"));
  }

  private static Version version(ClusterView v) {
    return new Version(v.cluster().id(), v.cluster().updatedAt(), v.cluster().keyId());
  }
}
