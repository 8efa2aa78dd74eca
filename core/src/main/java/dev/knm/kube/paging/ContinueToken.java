package dev.knm.kube.paging;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.knm.kube.model.JsonValues;
import java.io.IOException;

/**
 * Reads a list body's {@code metadata.continue} from its leading fields only, without touching the
 * items: the API server writes {@code metadata} before {@code items}, so the next page can be asked
 * for as soon as a page has arrived, before it is decoded. {@link #read} is also how {@link
 * ListPage} reads the token when it decodes a page.
 */
final class ContinueToken {

  /**
   * What a peek found: {@code known} with the token (null on the last page), or not known because
   * {@code items} came first or the body is not a JSON object (decode the page to find out).
   */
  record Peek(boolean known, String token) {
    static final Peek UNKNOWN = new Peek(false, null);
  }

  private ContinueToken() {}

  static Peek peek(byte[] body) {
    try (JsonParser p = JsonValues.parser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return Peek.UNKNOWN;
      }
      for (String field = JsonValues.nextField(p); field != null; field = JsonValues.nextField(p)) {
        if ("items".equals(field) || "rows".equals(field)) {
          return Peek.UNKNOWN;
        }
        if ("metadata".equals(field) && p.currentToken() == JsonToken.START_OBJECT) {
          return new Peek(true, read(p));
        }
        p.skipChildren(); // kind, apiVersion: scalars, nothing to skip
      }
      return new Peek(true, null); // neither metadata nor items: an empty last page
    } catch (IOException e) {
      return Peek.UNKNOWN; // decoding the page reports what is wrong with it
    }
  }

  /**
   * Reads the {@code metadata} object the parser is in (its START_OBJECT just read) to its end and
   * returns its {@code continue}: a scalar's text, null when absent, null or "" (the last page).
   */
  static String read(JsonParser p) throws IOException {
    return readMeta(p)[0];
  }

  /**
   * As {@link #read}, with the list's {@code resourceVersion} too: {continue, resourceVersion},
   * each null when absent or empty.
   */
  static String[] readMeta(JsonParser p) throws IOException {
    String c = null;
    String rv = null;
    for (String field = JsonValues.nextField(p); field != null; field = JsonValues.nextField(p)) {
      JsonToken t = p.currentToken();
      if ("continue".equals(field) && t.isScalarValue()) {
        c = t == JsonToken.VALUE_NULL ? null : p.getText();
      } else if ("resourceVersion".equals(field) && t.isScalarValue()) {
        rv = t == JsonToken.VALUE_NULL ? null : p.getText();
      } else {
        p.skipChildren();
      }
    }
    return new String[] {
      c == null || c.isEmpty() ? null : c, rv == null || rv.isEmpty() ? null : rv
    };
  }
}
