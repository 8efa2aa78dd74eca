package dev.knm.kube.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.knm.kube.model.JsonItem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ListPageTest {
  private static final ItemDecoder<String> NAMES =
      (p, page) -> {
        String key = JsonItem.decode(p, page).key();
        return key.substring(key.indexOf('/') + 1);
      };

  static ListPage<String> decode(String json) throws IOException {
    return ListPage.decode(json.getBytes(StandardCharsets.UTF_8), NAMES);
  }

  @Test
  void metadata_after_items_still_gives_the_continue_token() throws IOException {
    ListPage<String> page =
        decode(
            "{\"items\":[{\"metadata\":{\"name\":\"a\"}},null,{\"metadata\":{\"name\":\"b\"}}],"
                + "\"kind\":\"PodList\",\"metadata\":{\"resourceVersion\":\"9\","
                + "\"remainingItemCount\":3,\"continue\":\"tok\"},\"apiVersion\":\"v1\"}");

    assertThat(page.items()).containsExactly("a", "b");
    assertThat(page.next()).isEqualTo("tok");
  }

  @Test
  void metadata_before_items_and_the_last_page() throws IOException {
    ListPage<String> page =
        decode(
            "{\"apiVersion\":\"v1\",\"metadata\":{\"continue\":\"\"},\"kind\":\"PodList\","
                + "\"items\":[{\"metadata\":{\"name\":\"a\"}}]}");

    assertThat(page.items()).containsExactly("a");
    assertThat(page.next()).isNull();
    assertThat(decode("{\"metadata\":{},\"items\":null}"))
        .isEqualTo(new ListPage<String>(java.util.List.of(), null, null));
    assertThat(decode("{\"metadata\":{\"resourceVersion\":\"7\"},\"items\":[]}").resourceVersion())
        .isEqualTo("7");
  }

  @Test
  void what_is_not_a_json_list_is_an_error() {
    assertThatThrownBy(() -> decode("[]")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> decode("")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> decode("{\"items\":[{\"metadata\":{\"name\":\"a\"}}"))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> decode("<html>502</html>")).isInstanceOf(IOException.class);
  }
}
