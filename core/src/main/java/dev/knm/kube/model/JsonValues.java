package dev.knm.kube.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one value at the parser's current token, with the coercions Jackson databind applies to
 * records (so a streamed decoder gives the same values as binding did): JSON null is null, a scalar
 * where a string is expected is its text, a numeric string or a float where an int is expected is
 * converted, and a value of the wrong shape (an object where a string is expected) is an error.
 * Only jackson-core: databind costs hundreds of classes to start and is slow on C1.
 */
public final class JsonValues {
  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonValues() {}

  /** Reads one value; the parser is on its first token and is left on its last. */
  @FunctionalInterface
  public interface Reader<T> {
    T read(JsonParser p) throws IOException;
  }

  /** A parser over {@code length} bytes of UTF-8 JSON from {@code offset}. */
  public static JsonParser parser(byte[] json, int offset, int length) throws IOException {
    return FACTORY.createParser(json, offset, length);
  }

  /**
   * A parser over a stream of JSON values (a watch: one event object after another), reading as
   * bytes arrive.
   */
  public static JsonParser parser(java.io.InputStream in) throws IOException {
    return FACTORY.createParser(in);
  }

  /** A parser over UTF-8 JSON. */
  public static JsonParser parser(byte[] json) throws IOException {
    return FACTORY.createParser(json);
  }

  /**
   * True on START_OBJECT (read its fields with {@link #nextField}), false on null; anything else is
   * an error.
   */
  public static boolean object(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_OBJECT) {
      return true;
    }
    if (t == JsonToken.VALUE_NULL) {
      return false;
    }
    throw mismatch(p, "an object");
  }

  /**
   * The next field's name of the object being read, with the parser moved onto its value; null at
   * the object's end.
   */
  public static String nextField(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.FIELD_NAME) {
      return null;
    }
    String name = p.currentName();
    p.nextToken();
    return name;
  }

  public static String string(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != null && t.isScalarValue()) {
      return p.getText();
    }
    throw mismatch(p, "a string");
  }

  public static Integer integer(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_INT) {
      return p.getIntValue();
    }
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t == JsonToken.VALUE_NUMBER_FLOAT) {
      return (int) p.getDoubleValue();
    }
    if (t == JsonToken.VALUE_STRING) {
      String s = p.getText().trim();
      if (s.isEmpty()) {
        return null;
      }
      try {
        return Integer.valueOf(s);
      } catch (NumberFormatException e) {
        throw mismatch(p, "an integer");
      }
    }
    throw mismatch(p, "an integer");
  }

  public static Long longInteger(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_INT) {
      return p.getLongValue();
    }
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t == JsonToken.VALUE_NUMBER_FLOAT) {
      return (long) p.getDoubleValue();
    }
    if (t == JsonToken.VALUE_STRING) {
      String s = p.getText().trim();
      if (s.isEmpty()) {
        return null;
      }
      try {
        return Long.valueOf(s);
      } catch (NumberFormatException e) {
        throw mismatch(p, "an integer");
      }
    }
    throw mismatch(p, "an integer");
  }

  public static Boolean bool(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_TRUE) {
      return Boolean.TRUE;
    }
    if (t == JsonToken.VALUE_FALSE) {
      return Boolean.FALSE;
    }
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t == JsonToken.VALUE_NUMBER_INT) {
      return p.getLongValue() != 0;
    }
    if (t == JsonToken.VALUE_STRING) {
      String s = p.getText().trim();
      if (s.isEmpty()) {
        return null;
      }
      if (s.equalsIgnoreCase("true")) {
        return Boolean.TRUE;
      }
      if (s.equalsIgnoreCase("false")) {
        return Boolean.FALSE;
      }
    }
    throw mismatch(p, "a boolean");
  }

  /** An object of strings (values may be null), in document order; null for JSON null. */
  public static Map<String, String> stringMap(JsonParser p) throws IOException {
    if (!object(p)) {
      return null;
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (String k = nextField(p); k != null; k = nextField(p)) {
      m.put(k, string(p));
    }
    return m;
  }

  /**
   * An array read element by element (JSON null elements are given to the reader); null for null.
   */
  public static <T> List<T> list(JsonParser p, Reader<T> element) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.START_ARRAY) {
      throw mismatch(p, "an array");
    }
    List<T> out = new ArrayList<>();
    for (t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (t == null) {
        throw mismatch(p, "the end of the array");
      }
      out.add(element.read(p));
    }
    return out;
  }

  private static JsonParseException mismatch(JsonParser p, String expected) {
    return new JsonParseException(
        p, "expected " + expected + " at " + path(p) + ", got " + p.currentToken());
  }

  /** Where the parser is, as field names (no values: they may be secrets). */
  private static String path(JsonParser p) {
    return p.getParsingContext().pathAsPointer().toString();
  }
}
