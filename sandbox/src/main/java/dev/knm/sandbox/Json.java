package dev.knm.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Shared Jackson helpers. */
final class Json {
  static final ObjectMapper M = new ObjectMapper();

  private Json() {}

  static ObjectNode obj() {
    return M.createObjectNode();
  }

  static ObjectNode parse(byte[] b) {
    try {
      return (ObjectNode) M.readTree(b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode parseAny(byte[] b) {
    try {
      return M.readTree(b);
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  static byte[] bytes(Object n) {
    try {
      return M.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(JsonNode n, String... path) {
    JsonNode c = n;
    for (String p : path) {
      if (c == null) {
        return null;
      }
      c = c.get(p);
    }
    return c == null || c.isNull() ? null : c.asText();
  }

  static ObjectNode with(ObjectNode n, String field) {
    JsonNode c = n.get(field);
    if (c instanceof ObjectNode o) {
      return o;
    }
    return n.putObject(field);
  }
}
