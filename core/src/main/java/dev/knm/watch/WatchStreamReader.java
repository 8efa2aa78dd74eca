package dev.knm.watch;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.knm.kube.model.JsonValues;
import dev.knm.kube.model.NodeDoc;
import dev.knm.kube.model.NodeDocDecoder;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a node watch's body as it arrives: one {@code {"type": ..., "object": ...}} after another.
 * Node objects are streamed into the lean {@link NodeDoc} (images, managedFields and heartbeats
 * skipped unread, as on the list path); an ERROR's Status gives its code and message; a BOOKMARK's
 * object only its resourceVersion.
 */
final class WatchStreamReader implements AutoCloseable {

  /** One watch event; {@code node} for ADDED/MODIFIED/DELETED, {@code code} for ERROR. */
  record Item(String type, NodeDoc node, String resourceVersion, int code, String message) {}

  private final JsonParser parser;

  WatchStreamReader(InputStream body) throws IOException {
    this.parser = JsonValues.parser(body);
  }

  /**
   * The next event, blocking until it has fully arrived; null when the server ended the stream.
   *
   * @throws IOException when the connection fails or the stream is not a watch's
   */
  Item next() throws IOException {
    JsonParser p = parser;
    JsonToken t = p.nextToken();
    if (t == null) {
      return null;
    }
    if (t != JsonToken.START_OBJECT) {
      throw new IOException("a watch event is not a JSON object");
    }
    String type = null;
    NodeDoc node = null;
    String rv = null;
    int code = 0;
    String message = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      if ("type".equals(f)) {
        type = JsonValues.string(p);
      } else if ("object".equals(f)) {
        if (type == null) {
          // the API server writes type first (metav1.WatchEvent); an object of unknown kind
          // cannot be read safely
          throw new IOException("a watch event's object came before its type");
        }
        if ("ERROR".equals(type)) {
          if (JsonValues.object(p)) {
            for (String g = JsonValues.nextField(p); g != null; g = JsonValues.nextField(p)) {
              switch (g) {
                case "code" -> {
                  Integer c = JsonValues.integer(p);
                  code = c == null ? 0 : c;
                }
                case "message" -> message = JsonValues.string(p);
                default -> p.skipChildren();
              }
            }
          }
        } else {
          node = NodeDocDecoder.node(p);
          rv = node == null ? null : node.resourceVersion();
        }
      } else {
        p.skipChildren();
      }
    }
    if (type == null) {
      throw new IOException("a watch event without a type");
    }
    return new Item(type, node, rv, code, message);
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }
}
