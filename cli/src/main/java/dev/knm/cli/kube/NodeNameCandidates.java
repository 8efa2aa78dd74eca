package dev.knm.cli.kube;

import dev.knm.cluster.ClusterService;
import dev.knm.cluster.OpenedCluster;
import dev.knm.kube.NodeReader;
import dev.knm.kube.transport.ClusterClient;
import dev.knm.kube.transport.KubeClientFactory;
import dev.knm.kube.transport.ReadRetryPolicy;
import dev.knm.kube.transport.TimeoutCounter;
import dev.knm.kube.transport.TimeoutTier;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The node names of one cluster for shell completion: the lean read path ({@link NodeReader#names},
 * a server-side table), no retry, and one bound on the whole read, so that a slow or dead cluster
 * never holds the shell longer than {@code timeout}.
 */
public final class NodeNameCandidates {
  private NodeNameCandidates() {}

  /**
   * @return the names, or nothing when the cluster did not answer in time (never throws for that)
   */
  public static List<String> of(ClusterService clusters, String cluster, Duration timeout) {
    OpenedCluster opened = clusters.openAll(List.of(cluster)).get(0);
    KubeClientFactory factory =
        new KubeClientFactory(ReadRetryPolicy.none(), TimeoutCounter.counting());
    ExecutorService thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "knm-complete");
              t.setDaemon(true);
              return t;
            });
    try {
      Future<List<String>> names =
          thread.submit(
              () -> {
                try (ClusterClient client =
                    factory.create(
                        cluster, opened.kubeconfig().yaml(), new TimeoutTier(timeout, timeout))) {
                  return new NodeReader(client).names(null);
                }
              });
      return names.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      return List.of();
    } finally {
      thread.shutdownNow();
    }
  }
}
