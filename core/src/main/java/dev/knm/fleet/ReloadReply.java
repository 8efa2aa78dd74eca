package dev.knm.fleet;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.knm.kube.model.JsonValues;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The body of a reload reply: {@code {"instance": ..., "cluster": ..., "action": ...}} on success,
 * {@code {"instance": ..., "error": ...}} otherwise (docs/json-output.md).
 */
public record ReloadReply(String instance, String cluster, String action, String error) {

  public static ReloadReply ok(String instance, String cluster, ReloadAction action) {
    return new ReloadReply(instance, cluster, action.label(), null);
  }

  public static ReloadReply failed(String instance, String cluster, String error) {
    return new ReloadReply(instance, cluster, null, error);
  }

  public byte[] toJson() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator g = FleetJson.FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("instance", instance);
      if (cluster != null) {
        g.writeStringField("cluster", cluster);
      }
      if (action != null) {
        g.writeStringField("action", action);
      }
      if (error != null) {
        g.writeStringField("error", error);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.write('\n');
    return out.toByteArray();
  }

  /** Reads a reply; fields it does not know are skipped. */
  public static ReloadReply parse(byte[] json) throws IOException {
    try (JsonParser p = JsonValues.parser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      String instance = null;
      String cluster = null;
      String action = null;
      String error = null;
      String field;
      while ((field = JsonValues.nextField(p)) != null) {
        switch (field) {
          case "instance" -> instance = JsonValues.string(p);
          case "cluster" -> cluster = JsonValues.string(p);
          case "action" -> action = JsonValues.string(p);
          case "error" -> error = JsonValues.string(p);
          default -> p.skipChildren();
        }
      }
      return new ReloadReply(instance, cluster, action, error);
    }
  }
}
