package dev.knm.kube;

import com.fasterxml.jackson.databind.JsonNode;
import dev.knm.cluster.ClusterProbe;
import dev.knm.cluster.Deadline;
import dev.knm.cluster.FanOutResult;
import dev.knm.cluster.ProbeResult;
import dev.knm.error.ClusterUnreachableException;
import dev.knm.error.KnmException;
import dev.knm.kube.model.NodeSummary;
import dev.knm.kube.transport.ClusterClient;
import dev.knm.kube.transport.KubeApiException;
import dev.knm.kube.transport.KubeClientFactory;
import dev.knm.kube.transport.TimeoutTier;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@link ClusterProbe} against a live API server. VERSION: GET /version, 5 s (or what is left of
 * the deadline), no retries. NODES: /version the same way, then the node list (paginated, retried
 * inside the deadline, 10–50 tier as the size is not known yet) summed into counts and allocatable
 * totals. VERSION_THEN_NODES: the same, but a failed node list leaves the figures out instead of
 * failing the probe. Builds one client per probe and closes it.
 */
public final class KubeClusterProbe implements ClusterProbe {
  public static final Duration VERSION_TIMEOUT = Duration.ofSeconds(5);

  private final KubeClientFactory factory;

  public KubeClusterProbe(KubeClientFactory factory) {
    this.factory = factory;
  }

  @Override
  public ProbeResult probe(
      String clusterName, String kubeconfigYaml, Depth depth, Deadline deadline) {
    try (ClusterClient client =
        factory.create(clusterName, kubeconfigYaml, TimeoutTier.forNodeCount(null), deadline)) {
      return probe(client, depth);
    }
  }

  /** The same against an existing client (pooled, or a test's). */
  public static ProbeResult probe(ClusterClient client, Depth depth) {
    String version = version(client);
    if (depth == Depth.VERSION) {
      return new ProbeResult(version, null, null, null, null, null);
    }
    List<NodeSummary> nodes;
    try {
      nodes = new NodeReader(client).list(null);
    } catch (KnmException e) {
      if (depth == Depth.NODES) {
        throw e;
      }
      return new ProbeResult(
          version, null, null, null, null, null, "nodes not counted: " + FanOutResult.oneLine(e));
    }
    int ready = 0;
    long cpu = 0;
    long mem = 0;
    long gpu = 0;
    for (NodeSummary n : nodes) {
      if (n.ready()) {
        ready++;
      }
      cpu += n.allocatable().cpuMillis();
      mem += n.allocatable().memoryBytes();
      gpu += n.allocatable().gpus();
    }
    return new ProbeResult(version, nodes.size(), ready, cpu, mem, gpu);
  }

  public static String version(ClusterClient client) {
    JsonNode v;
    try {
      v = client.getTree("/version", Map.of(), VERSION_TIMEOUT, false);
    } catch (KubeApiException e) {
      throw client.unreachable("GET", "/version", e, 0);
    }
    String git = v.path("gitVersion").asText("");
    if (git.isEmpty()) {
      throw new ClusterUnreachableException(
          client.cluster(),
          "cluster " + client.cluster() + ": GET /version answered without a gitVersion");
    }
    return git;
  }
}
