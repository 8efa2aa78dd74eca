package dev.knm.kube;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Cold-start measurement for docs/kube-startup.md, not a test. Usage: java -cp ...
 * dev.knm.kube.StartupBench raw|typed KUBECONFIG. Prints milliseconds for building the client, the
 * first node listing, and the whole process (from JVM start).
 */
public final class StartupBench {
  public static void main(String[] args) throws Exception {
    Instant jvmStart = ProcessHandle.current().info().startInstant().orElse(Instant.now());
    long mainStart = System.nanoTime();
    String yaml = Files.readString(Path.of(args[1]));
    long t0 = System.nanoTime();
    int count;
    long built;
    long listed;
    if (args[0].equals("split")) {
      long a = System.nanoTime();
      io.fabric8.kubernetes.client.Config cfg = KubeClientFactory.parse(yaml);
      long b = System.nanoTime();
      Object http = new io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory();
      long c = System.nanoTime();
      KubernetesClient kc =
          KubeClientFactory.kubernetesClient("bench", yaml, TimeoutTier.forNodeCount(null));
      long d = System.nanoTime();
      System.out.printf(
          "split parse=%dms httpFactory=%dms build(incl. 2nd parse)=%dms%n",
          (b - a) / 1_000_000, (c - b) / 1_000_000, (d - c) / 1_000_000);
      kc.close();
      return;
    }
    if (args[0].equals("raw")) {
      try (ClusterClient c =
          KubeClientFactory.standard().create("bench", yaml, TimeoutTier.forNodeCount(null))) {
        built = System.nanoTime();
        List<NodeSummary> nodes = new NodeReader(c).list(null);
        count = nodes.size();
        listed = System.nanoTime();
      }
    } else {
      try (KubernetesClient c =
          KubeClientFactory.kubernetesClient("bench", yaml, TimeoutTier.forNodeCount(null))) {
        built = System.nanoTime();
        List<Node> nodes = c.nodes().list().getItems();
        count = nodes.size();
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
}
