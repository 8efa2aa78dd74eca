package dev.knm.kube.transport;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The fabric8 client of one cluster, built on first use (watches, writes, or the fabric8
 * transport): a one-shot read never pays for fabric8's ~1,000 classes. Holds the kubeconfig, which
 * is secret: no toString shows it.
 */
final class LazyKubernetesClient {
  private final String cluster;
  private final String kubeconfigYaml;
  private final TimeoutTier tier;
  private KubernetesClient client;
  private boolean closed;

  LazyKubernetesClient(String cluster, String kubeconfigYaml, TimeoutTier tier) {
    this.cluster = cluster;
    this.kubeconfigYaml = kubeconfigYaml;
    this.tier = tier;
  }

  synchronized KubernetesClient get() {
    if (closed) {
      throw new IllegalStateException("client for cluster " + cluster + " is closed");
    }
    if (client == null) {
      client = KubeClientFactory.kubernetesClient(cluster, kubeconfigYaml, tier);
    }
    return client;
  }

  synchronized void close() {
    closed = true;
    if (client != null) {
      client.close();
    }
  }

  @Override
  public String toString() {
    return "LazyKubernetesClient[" + cluster + "]";
  }
}
