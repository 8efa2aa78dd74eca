package dev.knm.kube.transport;

import dev.knm.kube.NodeReader;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Cold-start measurement of the Kubernetes layer alone for docs/kube-startup.md, not a test. Usage:
 * java -cp ... dev.knm.kube.StartupBench lean|fabric8|typed FLAT_KUBECONFIG. {@code lean}: {@link
 * KubeClientFactory#create} (the transport it picks) + NodeReader; {@code fabric8}: the same
 * ClusterClient forced onto the fabric8 transport (knm's path before the lean one); {@code typed}:
 * fabric8's {@code nodes().list()}. Prints milliseconds for building the client, the first node
 * listing, and the whole process (from JVM start).
 */
public final class StartupBench {
  public static void main(String[] args) throws Exception {
    Instant jvmStart = ProcessHandle.current().info().startInstant().orElse(Instant.now());
    long mainStart = System.nanoTime();
    String yaml = Files.readString(Path.of(args[1]));
    TimeoutTier tier = TimeoutTier.forNodeCount(null);
    long t0 = System.nanoTime();
    int count;
    long built;
    long listed;
    if (args[0].equals("typed")) {
      try (KubernetesClient c = KubeClientFactory.kubernetesClient("bench", yaml, tier)) {
        built = System.nanoTime();
        List<Node> nodes = c.nodes().list().getItems();
        count = nodes.size();
        listed = System.nanoTime();
      }
    } else {
      try (ClusterClient c =
          args[0].equals("fabric8")
              ? onFabric8(yaml, tier)
              : factory().create("bench", yaml, tier)) {
        built = System.nanoTime();
        count = new NodeReader(c).list(null).size();
        listed = System.nanoTime();
      }
    }
    long end = System.nanoTime();
    System.out.printf(
        "%s nodes=%d jvm->main=%dms build=%dms firstList=%dms close=%dms total=%dms%n",
        args[0],
        count,
        Duration.between(jvmStart, Instant.now()).toMillis() - (end - mainStart) / 1_000_000,
        (built - t0) / 1_000_000,
        (listed - built) / 1_000_000,
        (end - listed) / 1_000_000,
        Duration.between(jvmStart, Instant.now()).toMillis());
  }

  private static KubeClientFactory factory() {
    return KubeClientFactory.standard();
  }

  private static ClusterClient onFabric8(String yaml, TimeoutTier tier) {
    LazyKubernetesClient k = new LazyKubernetesClient("bench", yaml, tier);
    KubeClientFactory f = factory();
    return new ClusterClient(
        "bench",
        ClusterConnection.parse(yaml),
        new Fabric8ApiTransport(k),
        k,
        tier,
        f.retryPolicy(),
        f.timeouts(),
        dev.knm.cluster.Deadline.none());
  }
}
