package dev.knm.kube.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodSummaryDecoderTest {
  /** How PodSummary was bound before: the reference for "same values". */
  private static final ObjectMapper DATABIND =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  static PodSummary decode(String json) throws IOException {
    try (JsonParser p = JsonValues.parser(json.getBytes(StandardCharsets.UTF_8))) {
      p.nextToken();
      PodSummary pod = PodSummaryDecoder.pod(p);
      assertThat(p.currentToken()).isEqualTo(com.fasterxml.jackson.core.JsonToken.END_OBJECT);
      assertThat(p.nextToken()).isNull();
      return pod;
    }
  }

  /** Status first, metadata last, unknown fields and a 1 MB annotation in between. */
  static final String UNUSUAL =
      "{\"status\":{\"containerStatuses\":[{\"restartCount\":3,\"image\":\"x\",\"ready\":true,"
          + "\"name\":\"app\",\"state\":{\"running\":{}}},null],\"podIP\":\"10.0.0.7\","
          + "\"phase\":\"Running\",\"hostIP\":\"10.1.1.1\"},"
          + "\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"unknownTop\":[1,{\"a\":[2,3]},\"s\"],"
          + "\"spec\":{\"overhead\":{\"cpu\":\"250m\"},\"initContainers\":[{\"resources\":"
          + "{\"requests\":{\"cpu\":\"2\",\"memory\":\"1Gi\"}},\"name\":\"init\"}],"
          + "\"containers\":[{\"name\":\"app\",\"env\":[{\"name\":\"A\",\"value\":\"b\"}],"
          + "\"resources\":{\"limits\":{\"cpu\":\"1\"},\"requests\":{\"cpu\":\"500m\","
          + "\"memory\":\"128Mi\",\"nvidia.com/gpu\":\"1\"}}},{\"name\":\"side\"}],"
          + "\"nodeName\":\"n1\",\"volumes\":[{\"name\":\"v\",\"emptyDir\":{}}]},"
          + "\"metadata\":{\"annotations\":{\"big\":\""
          + "x".repeat(1 << 20)
          + "\"},\"managedFields\":[{\"manager\":\"kubelet\",\"fieldsV1\":{\"f:status\":{}}}],"
          + "\"ownerReferences\":[{\"name\":\"rs-1\",\"kind\":\"ReplicaSet\",\"controller\":true,"
          + "\"uid\":\"u\"}],\"labels\":{\"app\":\"web\",\"tier\":null},"
          + "\"creationTimestamp\":\"2026-11-01T00:00:00Z\",\"deletionTimestamp\":null,"
          + "\"name\":\"web-1\",\"namespace\":\"prod\"}}";

  @Test
  void fields_in_any_order_unknown_and_huge_fields_skipped() throws IOException {
    PodSummary pod = decode(UNUSUAL);

    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app", "web");
    labels.put("tier", null);
    assertThat(pod.metadata())
        .isEqualTo(
            new PodSummary.Meta(
                "prod",
                "web-1",
                "2026-11-01T00:00:00Z",
                null,
                labels,
                List.of(new PodSummary.Owner("ReplicaSet", "rs-1", true))));
    assertThat(pod.spec())
        .isEqualTo(
            new PodSummary.Spec(
                "n1",
                List.of(
                    new PodSummary.Container(
                        "app",
                        new PodSummary.Resources(
                            Map.of("cpu", "500m", "memory", "128Mi", "nvidia.com/gpu", "1"),
                            Map.of("cpu", "1"))),
                    new PodSummary.Container("side", null)),
                List.of(
                    new PodSummary.Container(
                        "init",
                        new PodSummary.Resources(Map.of("cpu", "2", "memory", "1Gi"), null))),
                Map.of("cpu", "250m")));
    assertThat(pod.status())
        .isEqualTo(
            new PodSummary.Status(
                "Running",
                "10.0.0.7",
                Arrays.asList(new PodSummary.ContainerStatus("app", true, 3), null)));
    assertThat(pod.key()).isEqualTo("prod/web-1");
    assertThat(pod.request("cpu", true)).isEqualTo(2250);
    assertThat(pod.request("memory", false)).isEqualTo(1L << 30);
    assertThat(pod.request(NodeSummary.GPU, false)).isEqualTo(1);
    assertThat(pod).isEqualTo(DATABIND.readValue(UNUSUAL, PodSummary.class));
  }

  @Test
  void missing_null_and_empty_are_kept_apart() throws IOException {
    String json =
        "{\"metadata\":{\"name\":\"a\",\"labels\":{},\"ownerReferences\":null},"
            + "\"spec\":null,\"status\":{\"containerStatuses\":[]}}";

    PodSummary pod = decode(json);

    assertThat(pod)
        .isEqualTo(
            new PodSummary(
                new PodSummary.Meta(null, "a", null, null, Map.of(), null),
                null,
                new PodSummary.Status(null, null, List.of())));
    assertThat(pod.key()).isEqualTo("null/a");
    assertThat(pod.request("cpu", true)).isZero();
    assertThat(decode("{}")).isEqualTo(new PodSummary(null, null, null));
    assertThat(pod).isEqualTo(DATABIND.readValue(json, PodSummary.class));
  }

  @Test
  void scalars_are_coerced_as_databind_does() throws IOException {
    String json =
        "{\"metadata\":{\"name\":42,\"namespace\":true,\"labels\":{\"n\":1.5,\"b\":false}},"
            + "\"status\":{\"phase\":\"Pending\",\"containerStatuses\":["
            + "{\"name\":\"a\",\"ready\":\"true\",\"restartCount\":\"7\"},"
            + "{\"name\":\"b\",\"ready\":0,\"restartCount\":2.0},"
            + "{\"name\":\"c\",\"ready\":\"\",\"restartCount\":\"\"}]}}";

    PodSummary pod = decode(json);

    assertThat(pod.metadata().name()).isEqualTo("42");
    assertThat(pod.metadata().namespace()).isEqualTo("true");
    assertThat(pod.metadata().labels())
        .containsExactly(Map.entry("n", "1.5"), Map.entry("b", "false"));
    assertThat(pod.status().containerStatuses())
        .containsExactly(
            new PodSummary.ContainerStatus("a", true, 7),
            new PodSummary.ContainerStatus("b", false, 2),
            new PodSummary.ContainerStatus("c", null, null));
    assertThat(pod).isEqualTo(DATABIND.readValue(json, PodSummary.class));
  }

  @Test
  void a_value_of_the_wrong_shape_is_an_error_naming_where_not_what() {
    assertThatThrownBy(() -> decode("{\"metadata\":{\"name\":{\"secret\":\"s3cr3t\"}}}"))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("expected a string at /metadata/name, got START_OBJECT")
        .hasMessageNotContaining("s3cr3t");
    assertThatThrownBy(() -> decode("{\"spec\":{\"containers\":{}}}"))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("expected an array at /spec/containers, got START_OBJECT");
    assertThatThrownBy(() -> decode("{\"status\":[]}"))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("expected an object at /status, got START_ARRAY");
  }
}
