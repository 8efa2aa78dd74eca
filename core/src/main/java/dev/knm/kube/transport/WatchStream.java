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
 * its bytes are in, without waiting for a buffer to fill). Each event's object is kept as its JSON
 * bytes, decoded by the caller. Close it to drop the connection (also from another thread, to wake
 * a reader).
 */
public final class WatchStream implements AutoCloseable {
  private static final JsonFactory FACTORY = new JsonFactory();

  /** One event: ADDED, MODIFIED, DELETED, BOOKMARK or ERROR, and its object's JSON. */
  public record Event(String type, byte[] object) {
    /** The object decoded by {@code reader} (for ERROR: a Status, see {@link #status()}). */
    public <T> T decode(JsonValues.Reader<T> reader) {
      try (JsonParser p = JsonValues.parser(object)) {
        p.nextToken();
        return reader.read(p);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The object's metadata.resourceVersion (bookmarks carry nothing else), or null. */
    public String resourceVersion() {
      try (JsonParser p = JsonValues.parser(object)) {
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

    /** For an ERROR event: the Status it carries (410 Expired when the version is too old). */
    public ApiStatus status() {
      return ApiStatus.parse(object);
    }

    /** For an ERROR event: its Status code, or 0. */
    public int code() {
      try (JsonParser p = JsonValues.parser(object)) {
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
  }

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
   * The next event, blocking until it arrives; null when the server ended the watch (its timeout, a
   * dropped connection) or it was closed.
   *
   * @throws KubeIoException when the stream breaks mid-event or is not JSON
   */
  public Event next() {
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
      byte[] object = null;
      for (String f = JsonValues.nextField(parser); f != null; f = JsonValues.nextField(parser)) {
        if ("type".equals(f)) {
          type = JsonValues.string(parser);
        } else if ("object".equals(f)) {
          object = copy(parser);
        } else {
          parser.skipChildren();
        }
      }
      return new Event(type, object == null ? "null".getBytes() : object);
    } catch (IOException e) {
      if (closed || e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)) {
        return null;
      }
      throw new KubeIoException("GET", path, e);
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
