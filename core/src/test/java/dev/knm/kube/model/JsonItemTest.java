package dev.knm.kube.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.kube.paging.ListPage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonItemTest {
  @Test
  void each_item_is_its_exact_bytes_after_multibyte_text_and_whitespace() throws IOException {
    String first =
        "{ \"metadata\" : {\"name\":\"caf\u00e9-\u65e5\u672c\",\"namespace\":\"n\u00fc\"},"
            + " \"spec\": {\"x\": [1, 2.5e3, \"\\u003c\"]} }";
    String second = "{\"kind\":\"Pod\",\"metadata\":{\"namespace\":\"b\",\"name\":\"p\"}}";
    String body =
        "{\"metadata\":{\"continue\":\"c\"},\n  \"items\": [\n    "
            + first
            + ",\n    "
            + second
            + "\n  ]\n}\n";

    ListPage<JsonItem> page =
        ListPage.decode(body.getBytes(StandardCharsets.UTF_8), JsonItem::decode);

    assertThat(page.items()).extracting(JsonItem::toString).containsExactly(first, second);
    assertThat(page.items())
        .extracting(JsonItem::key)
        .containsExactly("n\u00fc/caf\u00e9-\u65e5\u672c", "b/p");
    assertThat(page.next()).isEqualTo("c");
  }

  @Test
  void keys_as_the_json_tree_gave_them() throws IOException {
    String body =
        "{\"items\":[{\"metadata\":{\"name\":\"node-1\"}},"
            + "{\"metadata\":{\"namespace\":null,\"name\":7}},{\"spec\":{}}]}";

    List<JsonItem> items =
        ListPage.decode(body.getBytes(StandardCharsets.UTF_8), JsonItem::decode).items();

    assertThat(items).extracting(JsonItem::key).containsExactly("/node-1", "null/7", "/");
  }
}
