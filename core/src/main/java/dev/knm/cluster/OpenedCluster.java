package dev.knm.cluster;

import dev.knm.cluster.kubeconfig.FlatKubeconfig;

/** A live cluster with its kubeconfig opened ({@code kubeconfig} is secret). */
public record OpenedCluster(ClusterView view, FlatKubeconfig kubeconfig) {
  public String name() {
    return view.cluster().name();
  }
}
