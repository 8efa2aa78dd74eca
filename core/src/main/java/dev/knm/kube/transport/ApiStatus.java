package dev.knm.kube.transport;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.knm.kube.model.JsonValues;
import java.io.IOException;

/**
 * What knm reads of an error response's {@code Status} body: reason, message, the fresh continue
 * token a 410 may offer, and {@code details.retryAfterSeconds}. Streamed with jackson-core, as the
 * lists are: a 410 or 429 in the middle of a listing does not load Jackson databind (~0.3 s cold).
 * String fields of another type are taken as absent; so is a retry-after that is not a positive
 * whole number.
 */
record ApiStatus(String reason, String message, String continueToken, Integer retryAfterSeconds) {
  static final ApiStatus NONE = new ApiStatus(null, null, null, null);

  /** The body's Status fields, or {@link #NONE} when it is empty or not a JSON object. */
  static ApiStatus parse(byte[] body) {
    if (body == null || body.length == 0) {
      return NONE;
    }
    String reason = null;
    String message = null;
    String cont = null;
    Integer retryAfter = null;
    try (JsonParser p = JsonValues.parser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return NONE;
      }
      for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
        JsonToken t = p.currentToken();
        if ("reason".equals(f) && t == JsonToken.VALUE_STRING) {
          reason = p.getText();
        } else if ("message".equals(f) && t == JsonToken.VALUE_STRING) {
          message = p.getText();
        } else if ("metadata".equals(f) && t == JsonToken.START_OBJECT) {
          cont = stringField(p, "continue");
        } else if ("details".equals(f) && t == JsonToken.START_OBJECT) {
          retryAfter = retryAfter(p);
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException | RuntimeException e) {
      return NONE; // not a Status: the status code says enough
    }
    return new ApiStatus(reason, message, cont, retryAfter);
  }

  private static String stringField(JsonParser p, String name) throws IOException {
    String v = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      if (name.equals(f) && p.currentToken() == JsonToken.VALUE_STRING) {
        v = p.getText();
      } else {
        p.skipChildren();
      }
    }
    return v;
  }

  private static Integer retryAfter(JsonParser p) throws IOException {
    Integer v = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      if ("retryAfterSeconds".equals(f)
          && p.currentToken() == JsonToken.VALUE_NUMBER_INT
          && p.getNumberType() == JsonParser.NumberType.INT
          && p.getIntValue() > 0) {
        v = p.getIntValue();
      } else {
        p.skipChildren();
      }
    }
    return v;
  }
}
