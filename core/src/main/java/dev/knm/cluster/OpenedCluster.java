package dev.knm.cluster;

import dev.knm.cluster.kubeconfig.FlatKubeconfig;
import dev.knm.error.KnmException;

/**
 * A live cluster with its kubeconfig opened ({@code kubeconfig} is secret), or, when its row could
 * not be opened (another key, altered data, a stored kubeconfig that cannot be used), the reason in
 * {@code failure} and no kubeconfig: one bad row must not stop a command about other clusters.
 */
public record OpenedCluster(ClusterView view, FlatKubeconfig kubeconfig, KnmException failure) {
  public OpenedCluster(ClusterView view, FlatKubeconfig kubeconfig) {
    this(view, kubeconfig, null);
  }

  public String name() {
    return view.cluster().name();
  }

  /** The kubeconfig; the failure when the row could not be opened. */
  public FlatKubeconfig requireKubeconfig() {
    if (failure != null) {
      throw failure;
    }
    return kubeconfig;
  }
}
