package dev.knm.kube.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NameDecoderTest {
  private static ListPage<String> decode(String json) throws IOException {
    return ListPage.decode(json.getBytes(StandardCharsets.UTF_8), (p, page) -> NameDecoder.name(p));
  }

  @Test
  void a_tables_rows_give_their_first_cell_and_the_page_its_token() throws IOException {
    // given a server-side Table page as kube-apiserver writes it (includeObject=None)
    String table =
        "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"continue\":\"t2\"},"
            + "\"columnDefinitions\":[{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\"},"
            + "{\"name\":\"Status\",\"type\":\"string\"}],"
            + "\"rows\":[{\"cells\":[\"n1\",\"Ready\"],\"object\":null},"
            + "{\"cells\":[\"n2\",[\"x\"]],\"conditions\":[]}]}";
    // when
    ListPage<String> page = decode(table);
    // then
    assertThat(page.items()).containsExactly("n1", "n2");
    assertThat(page.next()).isEqualTo("t2");
  }

  @Test
  void a_plain_list_gives_each_objects_metadata_name() throws IOException {
    // given a server that ignored the Table media type
    String list =
        "{\"kind\":\"NodeList\",\"metadata\":{},\"items\":[{\"metadata\":{\"labels\":{\"a\":\"b\"},"
            + "\"name\":\"n1\"},\"status\":{\"images\":[{\"names\":[\"i\"]}]}}]}";
    // when / then
    assertThat(decode(list).items()).containsExactly("n1");
    assertThat(decode(list).next()).isNull();
  }

  @Test
  void a_table_whose_first_column_is_not_the_name_is_refused() {
    // given a table printed with other columns first
    String table =
        "{\"kind\":\"Table\",\"columnDefinitions\":[{\"type\":\"string\",\"name\":\"Status\"},"
            + "{\"name\":\"Name\"}],\"rows\":[{\"cells\":[\"Ready\",\"n1\"]}]}";
    // when / then: refused rather than listing "Ready" as a node
    assertThatThrownBy(() -> decode(table))
        .isInstanceOf(IOException.class)
        .hasMessage("the table's first column is not Name");
  }

  @Test
  void an_item_without_a_name_and_a_truncated_row_are_errors() {
    assertThatThrownBy(() -> decode("{\"rows\":[{\"cells\":[42]}]}"))
        .isInstanceOf(IOException.class)
        .hasMessage("an item has no name");
    assertThatThrownBy(() -> decode("{\"rows\":[{\"cells\":[\"n1\",\"a\""))
        .isInstanceOf(IOException.class);
  }
}
