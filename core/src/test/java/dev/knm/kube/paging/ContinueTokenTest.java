package dev.knm.kube.paging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.knm.kube.paging.ContinueToken.Peek;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ContinueTokenTest {

  private static Peek peek(String json) {
    return ContinueToken.peek(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void metadata_before_items_gives_the_token_without_reading_the_items() {
    // the items are cut off mid-way: a peek that read them would fail
    Peek p =
        peek(
            "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"7\","
                + "\"continue\":\"eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ\",\"remainingItemCount\":9,"
                + "\"labels\":{\"a\":\"b\"}},\"items\":[{\"metadata\":{\"name\":\"a\"");

    assertThat(p).isEqualTo(new Peek(true, "eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ"));
  }

  @Test
  void items_before_metadata_is_not_known() {
    Peek p =
        peek(
            "{\"kind\":\"PodList\",\"items\":[],\"metadata\":{\"continue\":\"tok\"},"
                + "\"apiVersion\":\"v1\"}");

    assertThat(p).isEqualTo(new Peek(false, null));
  }

  @Test
  void no_continue_an_empty_one_or_null_is_the_last_page() {
    assertThat(peek("{\"metadata\":{\"resourceVersion\":\"7\"},\"items\":[]}"))
        .isEqualTo(new Peek(true, null));
    assertThat(peek("{\"metadata\":{\"continue\":\"\"},\"items\":[]}"))
        .isEqualTo(new Peek(true, null));
    assertThat(peek("{\"metadata\":{\"continue\":null},\"items\":[]}"))
        .isEqualTo(new Peek(true, null));
    assertThat(peek("{\"kind\":\"List\"}")).isEqualTo(new Peek(true, null));
  }

  @Test
  void escaped_characters_are_unescaped() {
    Peek p = peek("{\"metadata\":{\"continue\":\"a\\\"b\\\\c\\/d\\u00e9=\"},\"items\":[]}");

    assertThat(p).isEqualTo(new Peek(true, "a\"b\\c/d\u00e9="));
  }

  @Test
  void metadata_that_is_not_an_object_is_skipped_as_decoding_does() {
    assertThat(peek("{\"metadata\":null,\"items\":[]}")).isEqualTo(new Peek(false, null));
    assertThat(peek("{\"metadata\":{\"continue\":{\"x\":1},\"name\":\"l\"},\"items\":[]}"))
        .isEqualTo(new Peek(true, null));
  }

  @Test
  void a_body_that_is_not_a_json_object_is_not_known() {
    assertThat(peek("")).isEqualTo(new Peek(false, null));
    assertThat(peek("[]")).isEqualTo(new Peek(false, null));
    assertThat(peek("<html>502 Bad Gateway</html>")).isEqualTo(new Peek(false, null));
    assertThat(peek("{\"kind\":\"PodList\",\"metadata\":{\"contin"))
        .isEqualTo(new Peek(false, null));
  }
}
