package dev.knm.kube.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodDecoderTest {
  /** Binding the record with databind: the reference for "same values". */
  private static final ObjectMapper DATABIND =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  static Pod decode(String json) throws IOException {
    try (JsonParser p = JsonValues.parser(json.getBytes(StandardCharsets.UTF_8))) {
      p.nextToken();
      Pod pod = PodDecoder.pod(p);
      assertThat(p.currentToken()).isEqualTo(JsonToken.END_OBJECT);
      assertThat(p.nextToken()).isNull();
      return pod;
    }
  }

  /** databind's binding with the annotations knm does not keep taken out (the one difference). */
  static Pod databind(String json) throws IOException {
    Pod bound = DATABIND.readValue(json, Pod.class);
    Pod.Meta m = bound.metadata();
    if (m == null || m.annotations() == null) {
      return bound;
    }
    Map<String, String> kept = new LinkedHashMap<>(m.annotations());
    kept.keySet().retainAll(Pod.KEPT_ANNOTATIONS);
    return new Pod(
        new Pod.Meta(
            m.namespace(),
            m.name(),
            m.uid(),
            m.creationTimestamp(),
            m.deletionTimestamp(),
            m.labels(),
            kept,
            m.ownerReferences()),
        bound.spec(),
        bound.status());
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
          + "\"terminationGracePeriodSeconds\":30,"
          + "\"nodeName\":\"n1\",\"volumes\":[{\"name\":\"t\",\"projected\":{\"sources\":[]}},"
          + "{\"name\":\"v\",\"emptyDir\":{}},{\"emptyDir\":{\"medium\":\"Memory\","
          + "\"sizeLimit\":\"1Gi\"},\"name\":\"m\"}]},"
          + "\"metadata\":{\"annotations\":{\"big\":\""
          + "x".repeat(1 << 20)
          + "\",\"kubernetes.io/config.mirror\":\"abc\"},"
          + "\"managedFields\":[{\"manager\":\"kubelet\",\"fieldsV1\":{\"f:status\":{}}}],"
          + "\"ownerReferences\":[{\"name\":\"rs-1\",\"kind\":\"ReplicaSet\",\"controller\":true,"
          + "\"uid\":\"u\",\"apiVersion\":\"apps/v1\",\"blockOwnerDeletion\":true}],"
          + "\"labels\":{\"app\":\"web\",\"tier\":null},\"uid\":\"pod-uid\","
          + "\"creationTimestamp\":\"2026-11-01T00:00:00Z\",\"deletionTimestamp\":null,"
          + "\"name\":\"web-1\",\"namespace\":\"prod\"}}";

  @Test
  void fields_in_any_order_unknown_and_huge_fields_skipped() throws IOException {
    Pod pod = decode(UNUSUAL);

    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app", "web");
    labels.put("tier", null);
    assertThat(pod.metadata())
        .isEqualTo(
            new Pod.Meta(
                "prod",
                "web-1",
                "pod-uid",
                "2026-11-01T00:00:00Z",
                null,
                labels,
                Map.of(Pod.MIRROR_ANNOTATION, "abc"),
                List.of(new Pod.Owner("apps/v1", "ReplicaSet", "rs-1", "u", true))));
    assertThat(pod.spec())
        .isEqualTo(
            new Pod.Spec(
                "n1",
                List.of(
                    new Pod.Container(
                        "app",
                        new Pod.Resources(
                            Map.of("cpu", "500m", "memory", "128Mi", "nvidia.com/gpu", "1"),
                            Map.of("cpu", "1"))),
                    new Pod.Container("side", null)),
                List.of(
                    new Pod.Container(
                        "init", new Pod.Resources(Map.of("cpu", "2", "memory", "1Gi"), null))),
                Map.of("cpu", "250m"),
                List.of(
                    new Pod.Volume("t", null),
                    new Pod.Volume("v", new Pod.EmptyDir(null, null)),
                    new Pod.Volume("m", new Pod.EmptyDir("Memory", "1Gi"))),
                30L));
    assertThat(pod.status())
        .isEqualTo(
            new Pod.Status(
                "Running",
                null,
                "10.0.0.7",
                null,
                null,
                Arrays.asList(
                    new Pod.ContainerStatus(
                        "app", true, 3, new Pod.State(null, new Pod.Running(null), null), null),
                    null)));
    assertThat(pod.key()).isEqualTo("prod/web-1");
    assertThat(pod.uid()).isEqualTo("pod-uid");
    assertThat(pod.request("cpu", true)).isEqualTo(2250);
    assertThat(pod.request("memory", false)).isEqualTo(1L << 30);
    assertThat(pod.request(NodeSummary.GPU, false)).isEqualTo(1);
    assertThat(pod.mirror()).isTrue();
    assertThat(pod.hasEmptyDir()).isTrue();
    assertThat(pod.controller()).isEqualTo(pod.metadata().ownerReferences().get(0));
    assertThat(pod.deleting()).isFalse();
    assertThat(pod.finished()).isFalse();
    assertThat(pod).isEqualTo(databind(UNUSUAL));
  }

  /** Status first, unknown and huge fields, an init container still failing. */
  static final String CRASHING =
      "{\"status\":{\"initContainerStatuses\":[{\"name\":\"init\",\"restartCount\":4,"
          + "\"state\":{\"terminated\":{\"exitCode\":1,\"signal\":null,\"reason\":\"Error\","
          + "\"finishedAt\":\"2026-11-21T09:00:00Z\"}},\"lastState\":{\"terminated\":{"
          + "\"exitCode\":1,\"finishedAt\":\"2026-11-21T08:00:00Z\"}},\"image\":\"i\"}],"
          + "\"conditions\":[{\"status\":\"False\",\"type\":\"Ready\",\"lastProbeTime\":null}],"
          + "\"phase\":\"Pending\",\"podIP\":\"10.0.0.9\",\"reason\":null,"
          + "\"containerStatuses\":[{\"name\":\"app\",\"ready\":false,\"restartCount\":0,"
          + "\"state\":{\"waiting\":{\"reason\":\"PodInitializing\",\"message\":\"m\"}}}]},"
          + "\"spec\":{\"containers\":[{\"name\":\"app\",\"args\":[\""
          + "a".repeat(1 << 20)
          + "\"]}],\"initContainers\":[{\"name\":\"init\"}],\"nodeName\":\"n1\"},"
          + "\"metadata\":{\"managedFields\":[{\"f\":{}}],\"name\":\"web-1\","
          + "\"creationTimestamp\":\"2026-11-20T10:00:00Z\",\"namespace\":\"prod\"},"
          + "\"kind\":\"Pod\"}";

  @Test
  void container_states_for_the_status_column() throws IOException {
    Pod pod = decode(CRASHING);

    assertThat(pod.status())
        .isEqualTo(
            new Pod.Status(
                "Pending",
                null,
                "10.0.0.9",
                List.of(new Pod.Condition("Ready", "False")),
                List.of(
                    new Pod.ContainerStatus(
                        "init",
                        null,
                        4,
                        new Pod.State(
                            null,
                            null,
                            new Pod.Terminated("Error", 1, null, "2026-11-21T09:00:00Z")),
                        new Pod.State(
                            null,
                            null,
                            new Pod.Terminated(null, 1, null, "2026-11-21T08:00:00Z")))),
                List.of(
                    new Pod.ContainerStatus(
                        "app",
                        false,
                        0,
                        new Pod.State(new Pod.Waiting("PodInitializing"), null, null),
                        null))));
    assertThat(pod.spec().containers()).containsExactly(new Pod.Container("app", null));
    assertThat(pod.spec().initContainers()).containsExactly(new Pod.Container("init", null));
    assertThat(pod.mirror()).isFalse();
    assertThat(pod.hasEmptyDir()).isFalse();
    assertThat(pod.controller()).isNull();
    assertThat(pod).isEqualTo(databind(CRASHING));
  }

  @Test
  void missing_null_and_empty_are_kept_apart() throws IOException {
    String json =
        "{\"metadata\":{\"name\":\"a\",\"labels\":{},\"ownerReferences\":null,"
            + "\"annotations\":{}},"
            + "\"spec\":null,\"status\":{\"containerStatuses\":[],\"initContainerStatuses\":"
            + "[{\"state\":{\"waiting\":null,\"running\":null,\"terminated\":null}}]}}";

    Pod pod = decode(json);

    assertThat(pod)
        .isEqualTo(
            new Pod(
                new Pod.Meta(null, "a", null, null, null, Map.of(), Map.of(), null),
                null,
                new Pod.Status(
                    null,
                    null,
                    null,
                    null,
                    List.of(
                        new Pod.ContainerStatus(
                            null, null, null, new Pod.State(null, null, null), null)),
                    List.of())));
    assertThat(pod.key()).isEqualTo("null/a");
    assertThat(pod.request("cpu", true)).isZero();
    assertThat(pod.labels()).isEmpty();
    assertThat(decode("{}")).isEqualTo(new Pod(null, null, null));
    assertThat(pod).isEqualTo(databind(json));
  }

  @Test
  void nulls_inside_lists_and_a_deletion_timestamp() throws IOException {
    String json =
        "{\"metadata\":{\"name\":\"p\",\"deletionTimestamp\":\"2026-11-21T00:00:00Z\","
            + "\"ownerReferences\":[null,{\"kind\":\"DaemonSet\",\"controller\":false}]},"
            + "\"spec\":{\"containers\":[null,{}],\"volumes\":[null,{\"emptyDir\":null}]},"
            + "\"status\":{\"containerStatuses\":null,\"phase\":\"Failed\"}}";

    Pod pod = decode(json);

    assertThat(pod.spec().containers()).containsExactly(null, new Pod.Container(null, null));
    assertThat(pod.deleting()).isTrue();
    assertThat(pod.finished()).isTrue();
    assertThat(pod.controller()).isNull(); // controller: false is not a controller
    assertThat(pod.hasEmptyDir()).isFalse(); // emptyDir: null is no emptyDir
    assertThat(pod).isEqualTo(databind(json));
  }

  @Test
  void scalars_are_coerced_as_databind_does() throws IOException {
    String json =
        "{\"metadata\":{\"name\":42,\"namespace\":true,\"labels\":{\"n\":1.5,\"b\":false}},"
            + "\"spec\":{\"terminationGracePeriodSeconds\":\"5\"},"
            + "\"status\":{\"phase\":\"Pending\",\"containerStatuses\":["
            + "{\"name\":\"a\",\"ready\":\"true\",\"restartCount\":\"7\"},"
            + "{\"name\":\"b\",\"ready\":0,\"restartCount\":2.0},"
            + "{\"name\":\"c\",\"ready\":\"\",\"restartCount\":\"\"}]}}";

    Pod pod = decode(json);

    assertThat(pod.metadata().name()).isEqualTo("42");
    assertThat(pod.metadata().namespace()).isEqualTo("true");
    assertThat(pod.metadata().labels())
        .containsExactly(Map.entry("n", "1.5"), Map.entry("b", "false"));
    assertThat(pod.spec().terminationGracePeriodSeconds()).isEqualTo(5L);
    assertThat(pod.status().containerStatuses())
        .containsExactly(
            new Pod.ContainerStatus("a", true, 7, null, null),
            new Pod.ContainerStatus("b", false, 2, null, null),
            new Pod.ContainerStatus("c", null, null, null, null));
    assertThat(pod).isEqualTo(databind(json));
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
    assertThatThrownBy(() -> decode("{\"status\":{\"containerStatuses\":[{\"state\":[]}]}}"))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(
            "expected an object at /status/containerStatuses/0/state, got START_ARRAY");
  }
}
