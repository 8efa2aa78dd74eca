package dev.knm.kube.transport;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * How {@link ClusterClient} talks to an API server: the lean {@link JdkApiTransport} or the
 * fabric8-backed {@link Fabric8ApiTransport} ({@link KubeClientFactory} picks one per kubeconfig).
 * Authentication and TLS are the transport's; timeouts, retries and error mapping stay in
 * ClusterClient. Reads are {@link #get}, writes {@link #send}, watches {@link #open}.
 */
interface ApiTransport {
  /** A response: status, headers (names as sent), body (decoded when it was gzip). */
  record Response(int code, Map<String, List<String>> headers, byte[] body) {
    /** The first value of header {@code name} (any case), or null. */
    String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  /**
   * Sends a GET; the future fails with an IOException (or HttpTimeoutException) on I/O problems.
   * {@code timeout} bounds the wait for the response headers; the caller bounds the whole call.
   */
  CompletableFuture<Response> get(URI uri, Map<String, String> headers, Duration timeout);

  /**
   * Sends a request with a method other than GET (POST, PUT, DELETE; PATCH where the transport can:
   * see {@link #supportsPatch()}) and an optional JSON body; completes with any status. {@code
   * timeout} bounds the wait for the response headers.
   */
  CompletableFuture<Response> send(
      String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout);

  /** Whether {@link #send} can send PATCH (the JDK's HttpURLConnection cannot). */
  boolean supportsPatch();

  /**
   * A streaming GET (a watch): completes once the response headers arrived, with the body as a
   * stream read while the server writes it (inflated when it was gzip). {@code readTimeout} bounds
   * each wait for more bytes (0: none) where the transport can (the lean one: the socket's read
   * timeout, which also bounds the wait for the headers); the caller bounds the wait for the
   * future. Cancelling the future drops the connection (lean transport).
   */
  CompletableFuture<Stream> open(URI uri, Map<String, String> headers, Duration readTimeout);

  /**
   * A streaming response: status, headers, and the body as it arrives (gzip already undone). {@link
   * #close()} drops the connection itself rather than closing the body (an inflater ended under a
   * reader would fail it with a NullPointerException instead of an IOException), and may be called
   * from another thread: the reader's read then fails. On the lean transport the close itself waits
   * for a read in progress to return (HttpURLConnection's body stream is synchronized): callers
   * that must not wait close on a thread of their own.
   */
  record Stream(int code, Map<String, List<String>> headers, InputStream body, Runnable disconnect)
      implements AutoCloseable {
    @Override
    public void close() {
      disconnect.run();
    }
  }

  /** Releases what the transport holds; later calls fail. */
  void close();
}
