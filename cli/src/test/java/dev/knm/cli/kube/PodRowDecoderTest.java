package dev.knm.cli.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.knm.kube.model.JsonItem;
import dev.knm.kube.model.JsonValues;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PodRowDecoderTest {
  static PodRow decode(String json) throws Exception {
    try (JsonParser p = JsonValues.parser(json.getBytes(StandardCharsets.UTF_8))) {
      p.nextToken();
      PodRow row = PodRowDecoder.pod(p);
      assertThat(p.currentToken()).isEqualTo(JsonToken.END_OBJECT);
      assertThat(p.nextToken()).isNull();
      return row;
    }
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
  void every_column_field_in_any_order() throws Exception {
    PodRow row = decode(CRASHING);

    assertThat(row)
        .isEqualTo(
            new PodRow(
                new PodRow.Meta("prod", "web-1", "2026-11-20T10:00:00Z", null),
                new PodRow.Spec(
                    "n1", List.of(new PodRow.Named("app")), List.of(new PodRow.Named("init"))),
                new PodRow.Status(
                    "Pending",
                    null,
                    "10.0.0.9",
                    List.of(new PodRow.Condition("Ready", "False")),
                    List.of(
                        new PodRow.ContainerStatus(
                            "init",
                            null,
                            4,
                            new PodRow.State(
                                null,
                                null,
                                new PodRow.Terminated("Error", 1, null, "2026-11-21T09:00:00Z")),
                            new PodRow.State(
                                null,
                                null,
                                new PodRow.Terminated(null, 1, null, "2026-11-21T08:00:00Z")))),
                    List.of(
                        new PodRow.ContainerStatus(
                            "app",
                            false,
                            0,
                            new PodRow.State(new PodRow.Waiting("PodInitializing"), null, null),
                            null)))));
    assertThat(row).isEqualTo(KubeFixture.JSON.readValue(CRASHING, PodRow.class));
    assertThat(row.key()).isEqualTo("prod/web-1");
    assertThat(row.readyStatusRestarts(Instant.parse("2026-11-21T10:00:00Z")))
        .containsExactly("0/1", "Init:Error", "4 (120m ago)");
    assertThat(row.ip()).isEqualTo("10.0.0.9");
    assertThat(row.nodeName()).isEqualTo("n1");
  }

  @Test
  void nulls_and_missing_parts() throws Exception {
    String json =
        "{\"metadata\":{\"name\":\"p\",\"deletionTimestamp\":\"2026-11-21T00:00:00Z\"},"
            + "\"spec\":{\"containers\":[null,{}]},\"status\":{\"containerStatuses\":null}}";

    PodRow row = decode(json);

    assertThat(row)
        .isEqualTo(
            new PodRow(
                new PodRow.Meta(null, "p", null, "2026-11-21T00:00:00Z"),
                new PodRow.Spec(null, Arrays.asList(null, new PodRow.Named(null)), null),
                new PodRow.Status(null, null, null, null, null, null)))
        .isEqualTo(KubeFixture.JSON.readValue(json, PodRow.class));
    assertThat(row.readyStatusRestarts(Instant.EPOCH)).containsExactly("0/2", "Terminating", "0");
    assertThat(row.nodeName()).isEqualTo("<none>");
    assertThat(row.ip()).isEqualTo("<none>");
  }

  /** Decodes a pod into a row and copies it as ndjson, in a fresh JVM (see below). */
  public static void main(String[] args) throws Exception {
    String json = "{\"metadata\":{\"namespace\":\"a\",\"name\":\"p\"},\"spec\":{\"x\":[1.5]}}";
    byte[] page = json.getBytes(StandardCharsets.UTF_8);
    System.out.println(
        "decoded "
            + decode(json).key()
            + " "
            + JsonItemWriter.writeCompact(new JsonItem("a/p", page, 0, page.length)));
  }

  @Test
  void rows_and_ndjson_load_no_databind_class() throws Exception {
    // when: a fresh JVM with class loading logged (this one loaded databind long ago)
    Process p =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xlog:class+load=info",
                "-cp",
                System.getProperty("java.class.path"),
                PodRowDecoderTest.class.getName())
            .redirectErrorStream(true)
            .start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    // then
    assertThat(p.exitValue()).as(log).isZero();
    assertThat(log)
        .contains(
            "decoded a/p {\"metadata\":{\"namespace\":\"a\",\"name\":\"p\"},\"spec\":{\"x\":[1.5]}}\n");
    assertThat(log.lines().filter(l -> l.contains("class,load")))
        .noneMatch(l -> l.contains(" com.fasterxml.jackson.databind."));
  }
}
