package dev.knm.kube.paging;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.knm.kube.model.JsonValues;
import java.io.IOException;

/**
 * The name of one list item: a server-side Table's row (its first cell, which {@link ListPage}
 * checks is the Name column) or a plain list's object ({@code metadata.name}). Everything else in
 * the item is skipped.
 */
public final class NameDecoder {
  private NameDecoder() {}

  /** Reads the item the parser is on (at its START_OBJECT) to its end. */
  public static String name(JsonParser p) throws IOException {
    String name = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      JsonToken t = p.currentToken();
      if ("cells".equals(f) && t == JsonToken.START_ARRAY) {
        if (p.nextToken() == JsonToken.VALUE_STRING) {
          name = p.getText();
        }
        if (p.currentToken() != JsonToken.END_ARRAY) {
          p.skipChildren(); // the first cell, if not a string
          for (JsonToken c = p.nextToken(); c != JsonToken.END_ARRAY; c = p.nextToken()) {
            if (c == null) {
              throw new IOException("a row's cells do not end");
            }
            p.skipChildren();
          }
        }
      } else if ("metadata".equals(f) && t == JsonToken.START_OBJECT) {
        for (String m = JsonValues.nextField(p); m != null; m = JsonValues.nextField(p)) {
          if ("name".equals(m) && p.currentToken() == JsonToken.VALUE_STRING) {
            name = p.getText();
          } else {
            p.skipChildren();
          }
        }
      } else {
        p.skipChildren();
      }
    }
    if (name == null || name.isEmpty()) {
      throw new IOException("an item has no name");
    }
    return name;
  }
}
