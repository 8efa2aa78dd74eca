package dev.knm.kube.model;

import static com.fasterxml.jackson.core.JsonToken.FIELD_NAME;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * One list item kept as the exact JSON bytes the server sent (a slice of the page, not a copy), for
 * json/ndjson/yaml output: no tree is built, the printer copies the bytes through a generator.
 * {@code key} is namespace/name ("" for a missing part), the order the API server lists in.
 */
public record JsonItem(String key, byte[] page, int offset, int length) {

  /** A parser over this item's bytes, before its first token. */
  public JsonParser parser() throws IOException {
    return JsonValues.parser(page, offset, length);
  }

  /** The item's JSON as the server sent it. */
  @Override
  public String toString() {
    return new String(page, offset, length, StandardCharsets.UTF_8);
  }

  /**
   * Reads the item the parser is on (START_OBJECT, left on its END_OBJECT); the parser reads {@code
   * page} from its first byte, so that token offsets are offsets in it. Only metadata.namespace and
   * metadata.name are decoded, the rest is skipped to find where it ends.
   */
  public static JsonItem decode(JsonParser p, byte[] page) throws IOException {
    long start = p.currentTokenLocation().getByteOffset();
    String namespace = "";
    String name = "";
    while (p.nextToken() == FIELD_NAME) {
      boolean metadata = "metadata".equals(p.currentName());
      p.nextToken();
      if (!metadata || !JsonValues.object(p)) {
        p.skipChildren();
        continue;
      }
      for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
        if ("namespace".equals(f)) {
          namespace = text(p);
        } else if ("name".equals(f)) {
          name = text(p);
        } else {
          p.skipChildren();
        }
      }
    }
    long end = p.currentTokenLocation().getByteOffset() + 1; // after the closing brace
    if (start < 0 || end > page.length || end <= start) {
      throw new IOException("no byte offsets for a list item");
    }
    return new JsonItem(namespace + "/" + name, page, (int) start, (int) (end - start));
  }

  /** As a JSON tree's asText() gave it: a scalar's text ("null" for null), "" for a structure. */
  private static String text(JsonParser p) throws IOException {
    if (p.currentToken().isScalarValue()) {
      return p.getText();
    }
    p.skipChildren();
    return "";
  }
}
