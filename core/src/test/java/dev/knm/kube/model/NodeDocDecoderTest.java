package dev.knm.kube.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.knm.kube.model.NodeSummary.Address;
import dev.knm.kube.model.NodeSummary.Condition;
import dev.knm.kube.model.NodeSummary.Resources;
import dev.knm.kube.model.NodeSummary.Taint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeDocDecoderTest {
  /** How NodeDoc was bound before: the reference for "same values". */
  private static final ObjectMapper DATABIND =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  static NodeDoc decode(String json) throws IOException {
    try (JsonParser p = JsonValues.parser(json.getBytes(StandardCharsets.UTF_8))) {
      p.nextToken();
      NodeDoc doc = NodeDocDecoder.node(p);
      assertThat(p.currentToken()).isEqualTo(JsonToken.END_OBJECT);
      assertThat(p.nextToken()).isNull();
      return doc;
    }
  }

  /** 2,000 images (the bulk of a real node) before everything else; status before metadata. */
  static String unusualNode() {
    StringBuilder images = new StringBuilder("[");
    for (int i = 0; i < 2000; i++) {
      images
          .append(i == 0 ? "" : ",")
          .append("{\"names\":[\"registry.example/team/image-")
          .append(i)
          .append("@sha256:")
          .append("0".repeat(64))
          .append("\"],\"sizeBytes\":")
          .append(1_000_000L + i)
          .append('}');
    }
    images.append(']');
    return "{\"status\":{\"images\":"
        + images
        + ",\"nodeInfo\":{\"osImage\":\"Ubuntu\",\"kubeletVersion\":\"v1.31.4\","
        + "\"machineID\":\"m\",\"containerRuntimeVersion\":\"containerd://1.7\","
        + "\"kernelVersion\":\"5.15\"},\"addresses\":[{\"address\":\"10.0.0.1\","
        + "\"type\":\"InternalIP\"},{\"type\":\"ExternalIP\",\"address\":\"1.2.3.4\"}],"
        + "\"conditions\":[{\"lastHeartbeatTime\":\"2026-11-21T10:00:00Z\",\"status\":\"True\","
        + "\"type\":\"Ready\",\"message\":null,\"lastTransitionTime\":\"2026-11-02T00:00:00Z\"}],"
        + "\"allocatable\":{\"memory\":\"2Gi\",\"cpu\":\"1500m\"},"
        + "\"capacity\":{\"cpu\":4,\"memory\":\"4Gi\",\"nvidia.com/gpu\":\"2\"},"
        + "\"daemonEndpoints\":{\"kubeletEndpoint\":{\"Port\":10250}}},"
        + "\"spec\":{\"podCIDR\":\"10.244.1.0/24\",\"taints\":[{\"effect\":\"NoSchedule\","
        + "\"key\":\"gpu\",\"timeAdded\":null}],\"unschedulable\":true},"
        + "\"apiVersion\":\"v1\",\"metadata\":{\"managedFields\":[{\"manager\":\"kubelet\"}],"
        + "\"labels\":{\"node-role.kubernetes.io/worker\":\"\","
        + "\"topology.kubernetes.io/zone\":\"zone-b\"},\"name\":\"n-1\","
        + "\"creationTimestamp\":\"2025-01-01T00:00:00Z\",\"resourceVersion\":\"42\"},"
        + "\"kind\":\"Node\"}";
  }

  @Test
  void fields_in_any_order_images_and_unknown_fields_skipped() throws IOException {
    String json = unusualNode();

    NodeDoc doc = decode(json);

    assertThat(doc)
        .isEqualTo(
            new NodeDoc(
                new NodeDoc.Meta(
                    "n-1",
                    Map.of(
                        "node-role.kubernetes.io/worker",
                        "",
                        "topology.kubernetes.io/zone",
                        "zone-b"),
                    "2025-01-01T00:00:00Z",
                    "42"),
                new NodeDoc.Spec(true, List.of(new Taint("gpu", null, "NoSchedule"))),
                new NodeDoc.Status(
                    Map.of("cpu", "4", "memory", "4Gi", "nvidia.com/gpu", "2"),
                    Map.of("memory", "2Gi", "cpu", "1500m"),
                    List.of(new Condition("Ready", "True", null, null, "2026-11-02T00:00:00Z")),
                    List.of(
                        new Address("InternalIP", "10.0.0.1"),
                        new Address("ExternalIP", "1.2.3.4")),
                    new NodeDoc.Info("v1.31.4", "Ubuntu", "5.15", "containerd://1.7"))));
    assertThat(doc).isEqualTo(DATABIND.readValue(json, NodeDoc.class));
    NodeSummary n = doc.toSummary();
    assertThat(n.status()).isEqualTo("Ready,SchedulingDisabled");
    assertThat(n.roles()).containsExactly("worker");
    assertThat(n.capacity()).isEqualTo(new Resources(4000, 4L << 30, 2));
    assertThat(n.allocatable()).isEqualTo(new Resources(1500, 2L << 30, 0));
    assertThat(n.internalIp()).isEqualTo("10.0.0.1");
    assertThat(n.externalIp()).isEqualTo("1.2.3.4");
    assertThat(n.zone()).isEqualTo("zone-b");
  }

  @Test
  void missing_and_null_parts_give_an_unknown_node() throws IOException {
    String json = "{\"metadata\":{\"name\":\"bare\",\"labels\":null},\"spec\":null}";

    NodeDoc doc = decode(json);

    assertThat(doc)
        .isEqualTo(new NodeDoc(new NodeDoc.Meta("bare", null, null, null), null, null))
        .isEqualTo(DATABIND.readValue(json, NodeDoc.class));
    NodeSummary n = doc.toSummary();
    assertThat(n.status()).isEqualTo("Unknown");
    assertThat(n.ready()).isFalse();
    assertThat(n.roles()).isEmpty();
    assertThat(n.taints()).isEmpty();
    assertThat(n.labels()).isEmpty();
    assertThat(n.capacity()).isEqualTo(Resources.ZERO);
    assertThat(n.creationTimestamp()).isNull();
  }
}
