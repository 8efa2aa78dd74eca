package dev.knm.kube;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.knm.error.ClusterUnreachableException;
import dev.knm.error.NotFoundException;
import dev.knm.error.UsageException;
import dev.knm.kube.model.JsonValues;
import dev.knm.kube.transport.ApiResponse;
import dev.knm.kube.transport.ClusterClient;
import dev.knm.kube.transport.KubeApiException;
import dev.knm.kube.transport.KubeIoException;
import dev.knm.kube.transport.KubeTimeoutException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;

/**
 * Cordons and uncordons nodes: sets or clears {@code spec.unschedulable}. kubectl sends a
 * strategic-merge PATCH and, when that fails, replaces the node; knm always replaces it (GET, then
 * PUT of the same JSON with only that field changed, carrying the resourceVersion it read), because
 * the lean transport (the JDK's HttpURLConnection) cannot send PATCH. A concurrent change to the
 * node (409 Conflict) makes it read and try again, at most {@link #ATTEMPTS} times. The JSON is
 * copied token by token (jackson-core), so every other field goes back as it came.
 */
public final class NodeCordoner {
  static final int ATTEMPTS = 5;
  private static final JsonFactory FACTORY = new JsonFactory();

  /** What happened to one node. */
  public record Result(String node, boolean changed) {}

  private final ClusterClient client;

  public NodeCordoner(ClusterClient client) {
    this.client = client;
  }

  /**
   * Makes the node unschedulable ({@code cordon} true) or schedulable again.
   *
   * @param dryRun only read it: say whether it would change
   * @throws NotFoundException for a node that does not exist
   * @throws ClusterUnreachableException when the API server cannot be reached or refuses
   */
  public Result set(String node, boolean cordon, boolean dryRun) {
    if (node == null || node.isBlank() || node.contains("/")) {
      throw new UsageException("invalid node name: \"" + node + "\"");
    }
    String path = NodeReader.NODES_PATH + "/" + node;
    for (int attempt = 1; ; attempt++) {
      byte[] current;
      try {
        current = client.get(path, Map.of(), client.tier().request(), true);
      } catch (KubeApiException e) {
        if (e.code() == 404) {
          throw new NotFoundException("cluster " + client.cluster() + ": no node named " + node);
        }
        throw client.unreachable("GET", path, e, 0);
      }
      Edit edit = edit(current, cordon);
      if (!edit.changes() || dryRun) {
        return new Result(node, edit.changes());
      }
      ApiResponse r;
      try {
        r = client.send("PUT", path, Map.of(), null, edit.json(), client.tier().request());
      } catch (KubeIoException | KubeTimeoutException e) {
        throw client.unreachable("PUT", path, e, 0);
      }
      if (r.ok()) {
        return new Result(node, true);
      }
      if (r.code() == 409 && attempt < ATTEMPTS) {
        continue; // changed since we read it (a status update): read it again
      }
      if (r.code() == 404) {
        throw new NotFoundException("cluster " + client.cluster() + ": no node named " + node);
      }
      throw new ClusterUnreachableException(
          client.cluster(),
          "cluster "
              + client.cluster()
              + ": PUT "
              + path
              + " failed ("
              + r.code()
              + " "
              + r.message()
              + ")");
    }
  }

  /** The node's JSON with spec.unschedulable set (true) or removed (false). */
  record Edit(byte[] json, boolean changes) {}

  static Edit edit(byte[] node, boolean cordon) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(node.length + 32);
    boolean was = false;
    try (JsonParser p = JsonValues.parser(node);
        JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not an object");
      }
      g.writeStartObject();
      boolean sawSpec = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String f = p.currentName();
        JsonToken t = p.nextToken();
        if ("spec".equals(f) && t == JsonToken.START_OBJECT) {
          sawSpec = true;
          g.writeFieldName("spec");
          g.writeStartObject();
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String s = p.currentName();
            p.nextToken();
            if ("unschedulable".equals(s)) {
              was = p.currentToken() == JsonToken.VALUE_TRUE;
              p.skipChildren();
            } else {
              g.writeFieldName(s);
              g.copyCurrentStructure(p);
            }
          }
          if (cordon) {
            g.writeBooleanField("unschedulable", true);
          }
          g.writeEndObject();
        } else {
          g.writeFieldName(f);
          g.copyCurrentStructure(p);
        }
      }
      if (!sawSpec && cordon) {
        g.writeObjectFieldStart("spec");
        g.writeBooleanField("unschedulable", true);
        g.writeEndObject();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("a node that is not JSON", e);
    }
    return new Edit(out.toByteArray(), was != cordon);
  }
}
