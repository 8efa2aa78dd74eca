package dev.knm.kube.transport;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.knm.kube.model.JsonValues;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;

/**
 * An open watch: the server's stream of {@code {"type": ..., "object": {...}}} events, read one at
 * a time as they arrive (jackson-core: a parser over the stream hands over each event as soon as
 * its bytes are in, without waiting for a buffer to fill). Each event's object is decoded in place
 * by the caller's reader (the node watch streams it into the lean NodeDoc, images and managedFields
 * skipped unread), or kept as its JSON with {@link #OBJECT_JSON} (drain's watcher); an ERROR's
 * object is always read as a Status. Close it to drop the connection (also from another thread, to
 * end a reader).
 */
public final class WatchStream implements AutoCloseable {
  private static final JsonFactory FACTORY = new JsonFactory();

  /**
   * One event: ADDED, MODIFIED, DELETED, BOOKMARK (an object with only its resourceVersion) or
   * ERROR; {@code object} decoded by the caller's reader (null for ERROR), {@code code} and {@code
   * status} the Status of an ERROR (0 and no fields otherwise).
   */
  public record Event<T>(String type, T object, int code, ApiStatus status) {}

  /** An event's object as its JSON bytes, decoded later. */
  public record ObjectJson(byte[] json) {
    /** The object decoded by {@code reader}. */
    public <T> T decode(JsonValues.Reader<T> reader) {
      try (JsonParser p = JsonValues.parser(json)) {
        p.nextToken();
        return reader.read(p);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The object's metadata.resourceVersion (bookmarks carry nothing else), or null. */
    public String resourceVersion() {
      try (JsonParser p = JsonValues.parser(json)) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          return null;
        }
        for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
          if ("metadata".equals(f) && p.currentToken() == JsonToken.START_OBJECT) {
            String rv = null;
            for (String m = JsonValues.nextField(p); m != null; m = JsonValues.nextField(p)) {
              if ("resourceVersion".equals(m) && p.currentToken().isScalarValue()) {
                rv = p.getText();
              } else {
                p.skipChildren();
              }
            }
            return rv;
          }
          p.skipChildren();
        }
        return null;
      } catch (IOException e) {
        return null;
      }
    }
  }

  /** Keeps each object as its JSON ({@link ObjectJson}). */
  public static final JsonValues.Reader<ObjectJson> OBJECT_JSON = p -> new ObjectJson(copy(p));

  private final String cluster;
  private final String path;
  private final ApiTransport.Stream stream;
  private JsonParser parser; // made by the first next(): making it reads the first bytes
  private volatile boolean closed;

  WatchStream(String cluster, String path, ApiTransport.Stream stream) {
    this.cluster = cluster;
    this.path = path;
    this.stream = stream;
  }

  /**
   * The next event, blocking until it has fully arrived, its object decoded by {@code objects};
   * null when the server ended the watch (its timeout, a dropped connection) or it was closed.
   *
   * @throws KubeIoException when the stream breaks (a read timeout among the causes) or is not a
   *     watch's: not JSON, an event without a type or with its object before its type
   */
  public <T> Event<T> next(JsonValues.Reader<T> objects) {
    try {
      if (parser == null) {
        parser = FACTORY.createParser(stream.body());
      }
      JsonToken t = parser.nextToken();
      if (t == null) {
        return null;
      }
      if (t != JsonToken.START_OBJECT) {
        throw new IOException("a watch event is not a JSON object");
      }
      String type = null;
      T object = null;
      byte[] status = null;
      for (String f = JsonValues.nextField(parser); f != null; f = JsonValues.nextField(parser)) {
        if ("type".equals(f)) {
          type = JsonValues.string(parser);
        } else if ("object".equals(f)) {
          if (type == null) {
            // the API server writes type first (metav1.WatchEvent); how to read the object
            // depends on it
            throw new IOException("a watch event's object came before its type");
          }
          if ("ERROR".equals(type)) {
            status = copy(parser);
          } else {
            object = objects.read(parser);
          }
        } else {
          parser.skipChildren();
        }
      }
      if (type == null) {
        throw new IOException("a watch event without a type");
      }
      return status == null
          ? new Event<>(type, object, 0, ApiStatus.NONE)
          : new Event<>(type, null, code(status), ApiStatus.parse(status));
    } catch (IOException e) {
      if (closed || e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)) {
        return null;
      }
      throw new KubeIoException("GET", path, e);
    }
  }

  /** A Status's code, or 0. */
  private static int code(byte[] status) {
    try (JsonParser p = JsonValues.parser(status)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return 0;
      }
      for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
        if ("code".equals(f) && p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
          return p.getIntValue();
        }
        p.skipChildren();
      }
      return 0;
    } catch (IOException e) {
      return 0;
    }
  }

  private static byte[] copy(JsonParser p) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      g.copyCurrentStructure(p);
    }
    return out.toByteArray();
  }

  public String cluster() {
    return cluster;
  }

  @Override
  public void close() {
    closed = true;
    stream.close();
  }
}
