package dev.knm.cli.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.knm.cli.render.KubeJson;
import dev.knm.kube.model.JsonItem;
import dev.knm.kube.transport.ClusterClient;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Copying an item's bytes prints exactly what writing its Jackson tree printed before. */
class JsonItemWriterTest {
  /** Escapes as Go's encoder writes them, unicode, every kind of number, empty containers. */
  static final String TRICKY =
      "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"caf\u00e9\",\"annotations\":{"
          + "\"html\":\"\\u003cb\\u003e \\u0026 \\\"q\\\" \\\\ \\/ \\t\\n\","
          + "\"emoji\":\"\\ud83d\\ude00 \ud83d\ude00\",\"ctl\":\"\\u0001\"}},"
          + "\"spec\":{\"n\":[0,-1,1.5,1e3,2.50,1E-7,-0.0,12345678901234567890123,"
          + "9007199254740993,2147483648],\"b\":[true,false,null],\"e\":{},\"a\":[],"
          + "\"deep\":[[[{\"x\":[{}]}]]]}}";

  static JsonItem item(String json) {
    byte[] b = (" " + json + " ").getBytes(StandardCharsets.UTF_8);
    return new JsonItem("k", b, 1, b.length - 2);
  }

  static JsonNode tree(String json) throws Exception {
    return ClusterClient.json().readTree(json);
  }

  @Test
  void pretty_and_compact_are_what_the_tree_printed() throws Exception {
    assertThat(JsonItemWriter.write(item(TRICKY))).isEqualTo(KubeJson.write(tree(TRICKY)));
    assertThat(JsonItemWriter.writeCompact(item(TRICKY)))
        .isEqualTo(KubeJson.writeCompact(tree(TRICKY)));
    assertThat(JsonItemWriter.writeCompact(item(TRICKY)))
        .contains("\"html\":\"<b> & \\\"q\\\" \\\\ / \\t\\n\"")
        .contains("[0,-1,1.5,1000.0,2.5,1.0E-7,-0.0,12345678901234567890123,");
  }

  @Test
  void items_in_a_list_document_are_what_the_tree_printed() throws Exception {
    String second = "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"b\"},\"spec\":{}}";
    StringWriter before = new StringWriter();
    try (JsonGenerator g = KubeJson.generator(before)) {
      g.writeStartObject();
      g.writeArrayFieldStart("items");
      ClusterClient.json().writeTree(g, tree(TRICKY));
      ClusterClient.json().writeTree(g, tree(second));
      g.writeEndArray();
      g.writeEndObject();
    }
    StringWriter after = new StringWriter();
    try (JsonGenerator g = JsonItemWriter.generator(after, true)) {
      g.writeStartObject();
      g.writeArrayFieldStart("items");
      JsonItemWriter.copy(item(TRICKY), g);
      JsonItemWriter.copy(item(second), g);
      g.writeEndArray();
      g.writeEndObject();
    }

    assertThat(after.toString()).isEqualTo(before.toString());
  }

  @Test
  void yaml_is_what_the_tree_printed() throws Exception {
    assertThat(JsonItemWriter.yaml(item(TRICKY))).isEqualTo(KubeJson.yaml(tree(TRICKY)));
  }
}
