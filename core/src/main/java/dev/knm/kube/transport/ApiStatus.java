package dev.knm.kube.transport;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.knm.kube.model.JsonValues;
import java.io.IOException;

/**
 * What knm reads of an error response's {@code Status} body: reason, message, the fresh continue
 * token a 410 may offer, {@code details.retryAfterSeconds} and the messages of {@code
 * details.causes} (an eviction's 429 names the blocking disruption budget there). Streamed with
 * jackson-core, as the lists are: a 410 or 429 in the middle of a listing does not load Jackson
 * databind (~0.3 s cold). String fields of another type are taken as absent; so is a retry-after
 * that is not a positive whole number.
 */
public record ApiStatus(
    String reason,
    String message,
    String continueToken,
    Integer retryAfterSeconds,
    java.util.List<String> causes) {
  static final ApiStatus NONE = new ApiStatus(null, null, null, null, java.util.List.of());

  /** The body's Status fields, or {@link #NONE} when it is empty or not a JSON object. */
  public static ApiStatus parse(byte[] body) {
    if (body == null || body.length == 0) {
      return NONE;
    }
    String reason = null;
    String message = null;
    String cont = null;
    Integer retryAfter = null;
    java.util.List<String> causes = new java.util.ArrayList<>();
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
          retryAfter = details(p, causes);
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException | RuntimeException e) {
      return NONE; // not a Status: the status code says enough
    }
    return new ApiStatus(reason, message, cont, retryAfter, java.util.List.copyOf(causes));
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

  /** details: its retryAfterSeconds, and the message of each cause added to {@code causes}. */
  private static Integer details(JsonParser p, java.util.List<String> causes) throws IOException {
    Integer v = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      if ("causes".equals(f) && p.currentToken() == JsonToken.START_ARRAY) {
        for (JsonToken t = p.nextToken();
            t != JsonToken.END_ARRAY && t != null;
            t = p.nextToken()) {
          if (t == JsonToken.START_OBJECT) {
            String m = stringField(p, "message");
            if (m != null) {
              causes.add(m);
            }
          } else {
            p.skipChildren();
          }
        }
      } else if ("retryAfterSeconds".equals(f)
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
