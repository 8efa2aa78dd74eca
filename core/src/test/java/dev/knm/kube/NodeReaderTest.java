package dev.knm.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.knm.error.NotFoundException;
import dev.knm.kube.model.JsonItem;
import dev.knm.kube.model.NodeSummary;
import dev.knm.kube.model.NodeSummary.Condition;
import dev.knm.kube.model.NodeSummary.Resources;
import dev.knm.kube.model.NodeSummary.Taint;
import dev.knm.kube.model.NodeUsage;
import dev.knm.kube.transport.ClusterClient;
import dev.knm.kube.transport.TimeoutTier;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

public class NodeReaderTest {
  private FakeKubeApi api;
  private ClusterClient client;

  public static String node(
      String name, String ready, boolean unschedulable, String roleLabels, String taints) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\""
        + name
        + "\",\"creationTimestamp\":\"2025-11-03T07:16:07Z\",\"labels\":{"
        + roleLabels
        + "\"topology.kubernetes.io/zone\":\"zone-a\","
        + "\"node.kubernetes.io/instance-type\":\"gpu.8x\"}},"
        + "\"spec\":{\"unschedulable\":"
        + unschedulable
        + ",\"taints\":["
        + taints
        + "]},\"status\":{\"capacity\":{\"cpu\":\"64\",\"memory\":\"263596916Ki\","
        + "\"nvidia.com/gpu\":\"8\",\"pods\":\"110\"},"
        + "\"allocatable\":{\"cpu\":\"63500m\",\"memory\":\"256Gi\",\"nvidia.com/gpu\":\"8\"},"
        + "\"conditions\":[{\"type\":\"MemoryPressure\",\"status\":\"False\","
        + "\"reason\":\"KubeletHasSufficientMemory\",\"message\":\"ok\","
        + "\"lastHeartbeatTime\":\"2026-11-21T10:00:00Z\","
        + "\"lastTransitionTime\":\"2026-11-01T00:00:00Z\"}"
        + (ready == null
            ? ""
            : ",{\"type\":\"Ready\",\"status\":\""
                + ready
                + "\",\"reason\":\"KubeletReady\",\"message\":\"kubelet is posting ready status\","
                + "\"lastTransitionTime\":\"2026-11-02T00:00:00Z\"}")
        + "],\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"10.16.10.110\"},"
        + "{\"type\":\"Hostname\",\"address\":\""
        + name
        + "\"}],\"nodeInfo\":{\"kubeletVersion\":\"v1.31.4\",\"osImage\":\"Ubuntu 22.04.4 LTS\","
        + "\"kernelVersion\":\"5.15.0-105-generic\",\"containerRuntimeVersion\":\"containerd://1.7.13\"},"
        + "\"images\":[{\"names\":[\"nvcr.io/nvidia/pytorch:24.01\"],\"sizeBytes\":9000000000}]}}";
  }

  @BeforeEach
  void given_three_nodes() {
    api = new FakeKubeApi();
    api.node(
        "10-16-10-110.maas",
        node(
            "10-16-10-110.maas",
            "True",
            false,
            "\"node-role.kubernetes.io/worker\":\"\",\"node-role.kubernetes.io/gpu\":\"\",",
            "{\"key\":\"nvidia.com/gpu\",\"value\":\"present\",\"effect\":\"NoSchedule\"}"));
    api.node(
        "10-16-10-114.maas",
        node("10-16-10-114.maas", "False", true, "\"node-role.kubernetes.io/worker\":\"\",", ""));
    api.node("10-16-10-115.maas", node("10-16-10-115.maas", null, false, "", ""));
    client = api.client("jobsscz", TimeoutTier.LARGE);
  }

  @AfterEach
  void close() {
    client.close();
    api.close();
  }

  @Test
  void ready_gpu_worker_is_summarised_completely() {
    NodeSummary n = new NodeReader(client).get("10-16-10-110.maas");

    assertThat(n.name()).isEqualTo("10-16-10-110.maas");
    assertThat(n.status()).isEqualTo("Ready");
    assertThat(n.ready()).isTrue();
    assertThat(n.roles()).containsExactly("gpu", "worker");
    assertThat(n.taintCount()).isEqualTo(1);
    assertThat(n.taints()).containsExactly(new Taint("nvidia.com/gpu", "present", "NoSchedule"));
    assertThat(n.kubeletVersion()).isEqualTo("v1.31.4");
    assertThat(n.internalIp()).isEqualTo("10.16.10.110");
    assertThat(n.externalIp()).isNull();
    assertThat(n.osImage()).isEqualTo("Ubuntu 22.04.4 LTS");
    assertThat(n.kernelVersion()).isEqualTo("5.15.0-105-generic");
    assertThat(n.containerRuntime()).isEqualTo("containerd://1.7.13");
    assertThat(n.zone()).isEqualTo("zone-a");
    assertThat(n.instanceType()).isEqualTo("gpu.8x");
    assertThat(n.capacity()).isEqualTo(new Resources(64_000, 263_596_916L * 1024, 8));
    assertThat(n.allocatable()).isEqualTo(new Resources(63_500, 256L << 30, 8));
    assertThat(n.conditions())
        .containsExactly(
            new Condition(
                "MemoryPressure",
                "False",
                "KubeletHasSufficientMemory",
                "ok",
                "2026-11-01T00:00:00Z"),
            new Condition(
                "Ready",
                "True",
                "KubeletReady",
                "kubelet is posting ready status",
                "2026-11-02T00:00:00Z"));
    assertThat(n.creationTimestamp()).isEqualTo("2025-11-03T07:16:07Z");
    assertThat(n.addresses()).hasSize(2);
    assertThat(n.labels()).containsEntry("topology.kubernetes.io/zone", "zone-a");
  }

  @Test
  void list_gives_status_with_scheduling_disabled_and_unknown() {
    List<NodeSummary> nodes = new NodeReader(client).list(null);

    assertThat(nodes)
        .extracting(NodeSummary::name, NodeSummary::status, NodeSummary::roles)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "10-16-10-110.maas", "Ready", List.of("gpu", "worker")),
            org.assertj.core.groups.Tuple.tuple(
                "10-16-10-114.maas", "NotReady,SchedulingDisabled", List.of("worker")),
            org.assertj.core.groups.Tuple.tuple("10-16-10-115.maas", "Unknown", List.of()));
    assertThat(api.requests).containsExactly("/api/v1/nodes?limit=500");
  }

  @Test
  void json_is_the_servers_exact_node() {
    JsonItem json = new NodeReader(client).getJson("10-16-10-114.maas");

    assertThat(json.toString())
        .isEqualTo(
            node(
                "10-16-10-114.maas",
                "False",
                true,
                "\"node-role.kubernetes.io/worker\":\"\",",
                ""));
    assertThat(json.key()).isEqualTo("/10-16-10-114.maas");
  }

  @Test
  void unknown_node_is_not_found() {
    assertThatThrownBy(() -> new NodeReader(client).get("nope"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("cluster jobsscz: no node named nope");
  }

  @Test
  void usage_sums_requests_per_node_from_one_listing() {
    api.pod(new FakeKubeApi.PodDef("a", "p1", "n1", "Running", "100m", "1Gi", "2"));
    api.pod(new FakeKubeApi.PodDef("a", "p2", "n1", "Pending", "1.5", "512Mi", null));
    api.pod(new FakeKubeApi.PodDef("b", "p3", "n1", "Succeeded", "4", "4Gi", "1"));
    api.pod(new FakeKubeApi.PodDef("b", "p4", "n2", "Running", "250m", "100M", "1"));
    api.pod(new FakeKubeApi.PodDef("b", "p5", null, "Pending", "1", "1Gi", null));
    api.pod(new FakeKubeApi.PodDef("c", "p6", "n2", "Failed", "1", "1Gi", null));

    Map<String, NodeUsage> usage = new NodeReader(client).usage();

    assertThat(usage)
        .containsExactly(
            Map.entry("n1", new NodeUsage("n1", 2, 1600, (1L << 30) + (512L << 20), 2)),
            Map.entry("n2", new NodeUsage("n2", 1, 250, 100_000_000L, 1)));
    assertThat(api.requests)
        .containsExactly(
            "/api/v1/pods?fieldSelector=status.phase%21%3DSucceeded%2Cstatus.phase%21%3DFailed"
                + "&limit=500");
  }
}
