package dev.knm.cli.kube;

import dev.knm.cli.options.Durations;
import dev.knm.cluster.ClusterService;
import dev.knm.cluster.Deadline;
import dev.knm.cluster.OpenedCluster;
import dev.knm.cluster.kubeconfig.FlatKubeconfig;
import dev.knm.error.KnmException;
import dev.knm.error.UsageException;
import dev.knm.kube.transport.ClusterClient;
import dev.knm.kube.transport.KubeClientFactory;
import dev.knm.kube.transport.ReadRetryPolicy;
import dev.knm.kube.transport.TimeoutCounter;
import dev.knm.kube.transport.TimeoutTier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the Kubernetes commands share: which clusters to talk to (from the store, kubeconfigs opened
 * on the command's thread), a client factory with the read retry policy, and the timeouts counted
 * while the command ran, written to the store when it ends (so the request threads never wait for
 * the store).
 *
 * <p>Undocumented knobs for tests and benchmarks: {@code KNM_RETRY_BASE_DELAY} (a duration, e.g.
 * 20ms; default 1 s) and {@code KNM_RETRY_MAX} (retries per request; default 3).
 */
public final class KubeAccess implements AutoCloseable {
  static final String RETRY_BASE_DELAY_ENV = "KNM_RETRY_BASE_DELAY";
  static final String RETRY_MAX_ENV = "KNM_RETRY_MAX";

  /**
   * One cluster to query: its name, its size tier, the command's deadline for it and its (secret)
   * kubeconfig, or why its stored row could not be opened (then {@link #client} throws that, for
   * this cluster only).
   */
  public record Target(
      String name,
      TimeoutTier tier,
      Deadline deadline,
      FlatKubeconfig kubeconfig,
      KnmException failure) {}

  private final ClusterService clusters;
  private final KubeClientFactory factory;
  private final TimeoutCounter timeouts = TimeoutCounter.counting();
  private final Duration requestTimeout;
  private final Function<TimeoutTier, Deadline> deadlines;

  /**
   * @param requestTimeout --request-timeout, or null for each cluster's tier
   * @param deadlines the command's deadline for a cluster of a tier (--deadline, else the tier's)
   */
  public KubeAccess(
      ClusterService clusters,
      Map<String, String> env,
      Duration requestTimeout,
      Function<TimeoutTier, Deadline> deadlines) {
    this.clusters = clusters;
    this.requestTimeout = requestTimeout;
    this.deadlines = deadlines;
    this.factory = new KubeClientFactory(retryPolicy(env), timeouts);
  }

  static ReadRetryPolicy retryPolicy(Map<String, String> env) {
    String base = env.get(RETRY_BASE_DELAY_ENV);
    String max = env.get(RETRY_MAX_ENV);
    ReadRetryPolicy p =
        base == null || base.isBlank()
            ? ReadRetryPolicy.standard()
            : ReadRetryPolicy.withBaseDelay(Durations.parse(base, RETRY_BASE_DELAY_ENV));
    if (max == null || max.isBlank()) {
      return p;
    }
    int retries;
    try {
      retries = Integer.parseInt(max.trim());
    } catch (NumberFormatException e) {
      retries = -1;
    }
    if (retries < 0) {
      throw new UsageException(RETRY_MAX_ENV + " must be a whole number, got '" + max + "'");
    }
    return new ReadRetryPolicy(
        p.baseDelay(),
        p.baseDelay().multipliedBy(30),
        retries,
        ReadRetryPolicy.DEFAULT_MAX_DURATION);
  }

  /**
   * The named clusters (or every cluster when {@code names} is empty), in the given order (store
   * order for all). Opens each kubeconfig: an unknown name or a wrong key fails here, before any
   * cluster is queried.
   */
  public List<Target> targets(List<String> names) {
    List<Target> out = new ArrayList<>();
    for (OpenedCluster c : clusters.openAll(names)) { // NotFoundException for an unknown name
      Integer nodes = c.view().state().nodeCount();
      TimeoutTier tier = TimeoutTier.forNodeCount(nodes).withOverride(requestTimeout);
      out.add(new Target(c.name(), tier, deadlines.apply(tier), c.kubeconfig(), c.failure()));
    }
    return out;
  }

  public Target target(String name) {
    return targets(List.of(name)).get(0);
  }

  public ClusterClient client(Target t) {
    if (t.failure() != null) {
      throw t.failure();
    }
    return factory.create(t.name(), t.kubeconfig().yaml(), t.tier(), t.deadline());
  }

  /** The factory the clients are made with (the watch's pool makes its own with it). */
  public KubeClientFactory factory() {
    return factory;
  }

  /** The namespace of the kubeconfig's context, else "default" (kubectl's rule). */
  static String contextNamespace(ClusterClient client) {
    String ns = client.namespace();
    return ns == null || ns.isBlank() ? "default" : ns;
  }

  /** Writes the timeouts counted during the command to the store (describe cluster shows them). */
  @Override
  public void close() {
    timeouts
        .snapshot()
        .forEach(
            (cluster, n) -> {
              try {
                clusters.recordTimeouts(cluster, n); // one write per cluster
              } catch (RuntimeException e) {
                // removed meanwhile, or the store is gone: counting is best effort
              }
            });
  }
}
