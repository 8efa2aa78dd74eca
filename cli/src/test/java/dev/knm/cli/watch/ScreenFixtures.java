package dev.knm.cli.watch;

import dev.knm.kube.model.NodeSummary;
import dev.knm.watch.ClusterSnapshot;
import dev.knm.watch.ConnectionEvent;
import dev.knm.watch.ConnectionState;
import dev.knm.watch.NodeEvent;
import dev.knm.watch.NodeEventType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Nodes, snapshots and events for the screen's tests, at a fixed time. */
final class ScreenFixtures {
  static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

  private ScreenFixtures() {}

  static NodeSummary node(String name, boolean ready, boolean cordoned, String role, int taints) {
    String status = (ready ? "Ready" : "NotReady") + (cordoned ? ",SchedulingDisabled" : "");
    List<NodeSummary.Taint> t =
        java.util.stream.IntStream.range(0, taints)
            .mapToObj(i -> new NodeSummary.Taint("k" + i, "", "NoSchedule"))
            .toList();
    return new NodeSummary(
        name,
        status,
        ready,
        ready ? "True" : "False",
        cordoned,
        role == null ? List.of() : List.of(role),
        t,
        "v1.32.3",
        "10.0.0.1",
        null,
        "Ubuntu 24.04",
        "6.8.0",
        "containerd://1.7",
        "zone-a",
        "m5.large",
        NodeSummary.Resources.ZERO,
        NodeSummary.Resources.ZERO,
        List.of(),
        Map.of("team", name.endsWith("2") ? "gpu" : "web"),
        List.of(),
        "2026-11-20T10:00:00Z");
  }

  static ClusterSnapshot synced(String cluster, List<NodeSummary> nodes) {
    int ready = (int) nodes.stream().filter(NodeSummary::ready).count();
    int cordoned = (int) nodes.stream().filter(NodeSummary::unschedulable).count();
    return new ClusterSnapshot(
        cluster,
        ConnectionState.SYNCED,
        true,
        nodes.size(),
        ready,
        nodes.size() - ready,
        cordoned,
        0,
        0,
        0,
        "v1.32.3",
        "100",
        NOW,
        NOW,
        null,
        nodes);
  }

  static ClusterSnapshot state(
      ClusterSnapshot s, ConnectionState state, boolean synced, String lastError) {
    return new ClusterSnapshot(
        s.cluster(),
        state,
        synced,
        s.nodeCount(),
        s.ready(),
        s.notReady(),
        s.cordoned(),
        s.cpuMillis(),
        s.memoryBytes(),
        s.gpus(),
        s.kubernetesVersion(),
        s.resourceVersion(),
        s.lastContact(),
        s.syncedAt(),
        lastError,
        s.nodes());
  }

  static NodeEvent change(
      String cluster,
      String node,
      NodeEventType type,
      String field,
      String from,
      String to,
      Duration ago) {
    return new NodeEvent(type, cluster, node, field, from, to, NOW.minus(ago), "101", false, null);
  }

  static ConnectionEvent connection(
      String cluster, ConnectionState from, ConnectionState to, String error, Duration ago) {
    return new ConnectionEvent(
        cluster,
        from,
        to,
        error,
        to == ConnectionState.RECONNECTING ? Duration.ofSeconds(4) : null,
        to == ConnectionState.SYNCED ? 3 : 0,
        to == ConnectionState.SYNCED ? 3 : 0,
        0,
        NOW.minus(ago));
  }
}
