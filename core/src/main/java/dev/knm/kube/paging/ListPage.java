package dev.knm.kube.paging;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.knm.kube.model.JsonValues;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of a Kubernetes list: its items, decoded one by one as they stream past, and the {@code
 * metadata.continue} token (null on the last page). Fields may come in any order; kind, apiVersion
 * and the rest of metadata are skipped. A server-side Table (meta.k8s.io) pages the same way; its
 * {@code rows} are the items.
 */
public record ListPage<T>(List<T> items, String next, String resourceVersion) {

  public static <T> ListPage<T> decode(byte[] body, ItemDecoder<T> decoder) throws IOException {
    List<T> items = new ArrayList<>();
    String next = null;
    String rv = null;
    try (JsonParser p = JsonValues.parser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not an object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        if (("items".equals(field) || "rows".equals(field)) && t == JsonToken.START_ARRAY) {
          while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
              throw new IOException("the items array does not end");
            } else if (t == JsonToken.START_OBJECT) {
              items.add(decoder.decode(p, body));
            } else {
              p.skipChildren(); // a null item: nothing to list
            }
          }
        } else if ("metadata".equals(field) && t == JsonToken.START_OBJECT) {
          String[] meta = ContinueToken.readMeta(p);
          next = meta[0];
          rv = meta[1];
        } else if ("columnDefinitions".equals(field) && t == JsonToken.START_ARRAY) {
          firstColumnIsName(p);
        } else {
          p.skipChildren();
        }
      }
    }
    return new ListPage<>(items, next, rv);
  }

  /**
   * A Table's row decoders read the name from the first cell: every built-in printer (and the
   * default one for custom resources) puts Name first, but a table that does not is refused rather
   * than misread.
   */
  private static void firstColumnIsName(JsonParser p) throws IOException {
    String first = null;
    if (p.nextToken() == JsonToken.START_OBJECT) {
      for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
        if ("name".equals(f) && p.currentToken() == JsonToken.VALUE_STRING) {
          first = p.getText();
        } else {
          p.skipChildren();
        }
      }
      for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
        if (t == null) {
          throw new IOException("the columnDefinitions array does not end");
        }
        p.skipChildren();
      }
    }
    if (!"Name".equals(first)) {
      throw new IOException("the table's first column is not Name");
    }
  }
}
