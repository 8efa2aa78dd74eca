package dev.knm.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PatchesTest {
  static ObjectNode j(String s) {
    return Json.parse(s.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  final ObjectNode node =
      j(
          "{\"metadata\":{\"name\":\"n\",\"labels\":{\"a\":\"1\",\"b\":\"2\"}},"
              + "\"spec\":{\"taints\":[{\"key\":\"x\",\"effect\":\"NoSchedule\"}]},"
              + "\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"},{\"type\":\"DiskPressure\",\"status\":\"False\"}]}}");

  @Test
  void strategicCordon() {
    var out =
        Patches.apply(
            Patches.STRATEGIC_MERGE_PATCH, node, b("{\"spec\":{\"unschedulable\":true}}"));
    assertThat(out.path("spec").path("unschedulable").asBoolean()).isTrue();
    assertThat(out.path("spec").path("taints")).hasSize(1);
  }

  @Test
  void strategicMergesConditionsByTypeAndReplacesTaints() {
    var out =
        Patches.apply(
            Patches.STRATEGIC_MERGE_PATCH,
            node,
            b(
                "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\"}]},"
                    + "\"spec\":{\"taints\":[{\"key\":\"y\",\"effect\":\"NoExecute\"}]}}"));
    assertThat(out.path("status").path("conditions")).hasSize(2);
    assertThat(out.path("status").path("conditions").path(0).path("status").asText())
        .isEqualTo("False");
    assertThat(out.path("spec").path("taints")).hasSize(1);
    assertThat(out.path("spec").path("taints").path(0).path("key").asText()).isEqualTo("y");
  }

  @Test
  void strategicDeleteDirectiveAndNullRemovesLabel() {
    var out =
        Patches.apply(
            Patches.STRATEGIC_MERGE_PATCH,
            node,
            b(
                "{\"metadata\":{\"labels\":{\"a\":null}},\"$setElementOrder/conditions\":[],"
                    + "\"status\":{\"conditions\":[{\"type\":\"DiskPressure\",\"$patch\":\"delete\"}]}}"));
    assertThat(out.path("metadata").path("labels").has("a")).isFalse();
    assertThat(out.path("status").path("conditions")).hasSize(1);
  }

  @Test
  void mergePatch() {
    var out =
        Patches.apply(
            Patches.MERGE_PATCH, node, b("{\"metadata\":{\"labels\":{\"b\":null,\"c\":\"3\"}}}"));
    assertThat(out.path("metadata").path("labels").toString())
        .isEqualTo("{\"a\":\"1\",\"c\":\"3\"}");
  }

  @Test
  void jsonPatch() {
    var out =
        Patches.apply(
            Patches.JSON_PATCH + "; charset=utf-8",
            node,
            b(
                "[{\"op\":\"add\",\"path\":\"/spec/unschedulable\",\"value\":true},{\"op\":\"remove\",\"path\":\"/spec/taints/0\"}]"));
    assertThat(out.path("spec").path("unschedulable").asBoolean()).isTrue();
    assertThat(out.path("spec").path("taints")).isEmpty();
  }
}
