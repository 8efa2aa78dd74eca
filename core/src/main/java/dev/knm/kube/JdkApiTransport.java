package dev.knm.kube;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLContext;

/**
 * The lean transport: {@code java.net.http.HttpClient} set up from the flat kubeconfig alone
 * (server, TLS from {@link ClientTls}, bearer token or basic auth), no fabric8 and no Jackson on
 * the way. HTTP/1.1 (kubectl's default over a proxy, and all the sandbox speaks), no proxy and no
 * redirects (as fabric8's JDK client is set up), gzip asked for unless the cluster disables
 * compression.
 *
 * <p>JDK 17's HttpClient has no close(): {@link #close()} refuses further calls, and the client's
 * idle connections and selector thread go when it is garbage-collected (its threads are daemons, so
 * they never hold up the JVM's exit). fabric8's JDK client has the same limit.
 */
final class JdkApiTransport implements ApiTransport {
  static final String USER_AGENT = "knm";

  private final HttpClient http;
  private final String authorization; // secret
  private final boolean gzip;
  private volatile boolean closed;

  private JdkApiTransport(HttpClient http, String authorization, boolean gzip) {
    this.http = http;
    this.authorization = authorization;
    this.gzip = gzip;
  }

  /**
   * @throws IllegalArgumentException if the kubeconfig's certificates or key cannot be used (the
   *     message names the field, not its content)
   */
  static JdkApiTransport create(ClusterConnection c, Duration connectTimeout) {
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(connectTimeout);
    if (c.https()) {
      SSLContext ctx = ClientTls.context(c); // TLS classes only for https servers
      b.sslContext(ctx).sslParameters(ClientTls.chachaFirst(ctx));
    }
    return new JdkApiTransport(b.build(), authorization(c), c.compression());
  }

  /** Bearer token, else basic auth, else none (a client certificate, or anonymous). */
  private static String authorization(ClusterConnection c) {
    if (c.token() != null) {
      return "Bearer " + c.token();
    }
    if (c.username() != null || c.password() != null) {
      String pair =
          (c.username() == null ? "" : c.username())
              + ":"
              + (c.password() == null ? "" : c.password());
      return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
    return null;
  }

  @Override
  public CompletableFuture<Response> get(URI uri, Map<String, String> headers, Duration timeout) {
    if (closed) {
      throw new IllegalStateException("client is closed");
    }
    HttpRequest.Builder req = HttpRequest.newBuilder(uri).GET();
    if (timeout.compareTo(Duration.ZERO) > 0) {
      req.timeout(timeout); // the JDK refuses a zero timeout; the caller's bound still applies
    }
    headers.forEach(req::header);
    req.header("User-Agent", USER_AGENT);
    if (gzip) {
      req.header("Accept-Encoding", "gzip");
    }
    if (authorization != null) {
      req.header("Authorization", authorization);
    }
    return http.sendAsync(req.build(), HttpResponse.BodyHandlers.ofByteArray())
        .thenApply(JdkApiTransport::response);
  }

  private static Response response(HttpResponse<byte[]> r) {
    try {
      byte[] body =
          GzipBody.decode(r.headers().firstValue("Content-Encoding").orElse(null), r.body());
      return new Response(r.statusCode(), r.headers().map(), body);
    } catch (IOException e) {
      throw new CompletionException(e);
    }
  }

  @Override
  public void close() {
    closed = true;
  }
}
