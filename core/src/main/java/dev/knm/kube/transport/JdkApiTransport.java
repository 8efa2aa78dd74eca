package dev.knm.kube.transport;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The lean transport: the JDK's {@link HttpURLConnection} set up from the flat kubeconfig alone
 * (server, TLS from {@link ClientTls}, bearer token or basic auth), no fabric8 and no Jackson on
 * the way. HTTP/1.1 with keep-alive, no proxy and no redirects (as fabric8's JDK client is set up),
 * gzip asked for unless the cluster disables compression.
 *
 * <p>Why not {@code java.net.http.HttpClient}: its selector thread sits in a native epoll call, and
 * JDK 17 waits up to 300 ms at exit for every thread in native code (VM_Exit's
 * wait_for_threads_in_native_to_block). Measured: a one-shot JVM exits 323 ms after main returns
 * with an HttpClient, 6 ms with HttpURLConnection, and HttpClient cannot be shut down on JDK 17.
 * Each request runs on its own daemon thread, so the caller can bound and cancel it (a cancelled
 * request is disconnected).
 */
final class JdkApiTransport implements ApiTransport {
  static final String USER_AGENT = "knm";

  private final SSLSocketFactory sockets; // null for http servers
  private final HostnameVerifier hostnames; // null: the JDK's (the trust manager checks the name)
  private final int connectMillis;
  private final String authorization; // secret
  private final boolean gzip;
  private volatile boolean closed;

  private JdkApiTransport(
      SSLSocketFactory sockets,
      HostnameVerifier hostnames,
      int connectMillis,
      String authorization,
      boolean gzip) {
    this.sockets = sockets;
    this.hostnames = hostnames;
    this.connectMillis = connectMillis;
    this.authorization = authorization;
    this.gzip = gzip;
  }

  /**
   * @throws IllegalArgumentException if the kubeconfig's certificates or key cannot be used (the
   *     message names the field, not its content)
   */
  static JdkApiTransport create(ClusterConnection c, Duration connectTimeout) {
    SSLSocketFactory sockets = null;
    HostnameVerifier hostnames = null;
    if (c.https()) {
      SSLContext ctx = ClientTls.context(c); // TLS classes only for https servers
      sockets =
          new SuiteOrder(ctx.getSocketFactory(), ClientTls.chachaFirst(ctx).getCipherSuites());
      if (c.insecure()) {
        hostnames = (host, session) -> true; // insecure-skip-tls-verify: no name check either
      }
    }
    return new JdkApiTransport(
        sockets, hostnames, (int) connectTimeout.toMillis(), authorization(c), c.compression());
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
    return exchange("GET", uri, headers, null, timeout);
  }

  @Override
  public CompletableFuture<Response> send(
      String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout) {
    if (method.equals("PATCH")) {
      // HttpURLConnection refuses the method ("Invalid HTTP method: PATCH")
      throw new UnsupportedOperationException("the lean transport cannot send PATCH");
    }
    return exchange(method, uri, headers, body, timeout);
  }

  @Override
  public boolean supportsPatch() {
    return false;
  }

  private CompletableFuture<Response> exchange(
      String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout) {
    if (closed) {
      throw new IllegalStateException("client is closed");
    }
    CompletableFuture<Response> f = new CompletableFuture<>();
    Thread t = new Thread(() -> send(method, uri, headers, body, timeout, f), "knm-http");
    t.setDaemon(true);
    t.start();
    return f;
  }

  /** A connection set up with TLS, auth, timeouts and headers; not yet connected. */
  private HttpURLConnection connection(
      String method, URI uri, Map<String, String> headers, Duration readTimeout)
      throws IOException {
    HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
    if (c instanceof HttpsURLConnection s) {
      s.setSSLSocketFactory(sockets);
      if (hostnames != null) {
        s.setHostnameVerifier(hostnames);
      }
    }
    c.setRequestMethod(method);
    c.setInstanceFollowRedirects(false);
    c.setUseCaches(false);
    c.setConnectTimeout(connectMillis);
    c.setReadTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(0, readTimeout.toMillis())));
    headers.forEach(c::setRequestProperty);
    c.setRequestProperty("User-Agent", USER_AGENT);
    if (gzip) {
      c.setRequestProperty("Accept-Encoding", "gzip");
    }
    if (authorization != null) {
      c.setRequestProperty("Authorization", authorization);
    }
    return c;
  }

  private void send(
      String method,
      URI uri,
      Map<String, String> headers,
      byte[] requestBody,
      Duration timeout,
      CompletableFuture<Response> f) {
    boolean connected = false;
    try {
      HttpURLConnection c = connection(method, uri, headers, timeout);
      f.whenComplete(
          (r, e) -> {
            if (f.isCancelled()) {
              c.disconnect(); // the caller gave up (timeout, interrupt): drop the connection
            }
          });
      if (requestBody != null) {
        c.setDoOutput(true);
        c.setFixedLengthStreamingMode(requestBody.length);
      }
      c.connect();
      connected = true;
      if (requestBody != null) {
        try (OutputStream out = c.getOutputStream()) {
          out.write(requestBody);
        }
      }
      int code = c.getResponseCode();
      byte[] body;
      try (InputStream in = code >= 400 ? c.getErrorStream() : c.getInputStream()) {
        body = in == null ? new byte[0] : in.readAllBytes(); // read to the end: keep-alive
      }
      body = GzipBody.decode(c.getHeaderField("Content-Encoding"), body);
      f.complete(new Response(code, headers(c), body));
    } catch (SocketTimeoutException e) {
      f.completeExceptionally(
          connected
              ? new HttpTimeoutException("request timed out")
              : new HttpConnectTimeoutException("connect timed out"));
    } catch (IOException | RuntimeException e) {
      f.completeExceptionally(e);
    }
  }

  private static Map<String, List<String>> headers(HttpURLConnection c) {
    Map<String, List<String>> h = new LinkedHashMap<>();
    c.getHeaderFields()
        .forEach(
            (k, v) -> {
              if (k != null) { // null: the status line
                h.put(k, v);
              }
            });
    return h;
  }

  @Override
  public CompletableFuture<Stream> open(
      URI uri, Map<String, String> headers, Duration readTimeout) {
    if (closed) {
      throw new IllegalStateException("client is closed");
    }
    CompletableFuture<Stream> f = new CompletableFuture<>();
    Thread t = new Thread(() -> stream(uri, headers, readTimeout, f), "knm-http-stream");
    t.setDaemon(true);
    t.start();
    return f;
  }

  private void stream(
      URI uri, Map<String, String> headers, Duration readTimeout, CompletableFuture<Stream> f) {
    HttpURLConnection c = null;
    boolean connected = false;
    try {
      c = connection("GET", uri, headers, readTimeout);
      HttpURLConnection conn = c;
      f.whenComplete(
          (r, e) -> {
            if (f.isCancelled()) {
              conn.disconnect(); // the caller gave up (timeout, interrupt): drop the connection
            }
          });
      c.connect();
      connected = true;
      int code = c.getResponseCode();
      InputStream in = code >= 400 ? c.getErrorStream() : c.getInputStream();
      InputStream body = new DisconnectOnClose(in == null ? InputStream.nullInputStream() : in, c);
      String enc = c.getHeaderField("Content-Encoding");
      if (enc != null && enc.trim().equalsIgnoreCase("gzip")) {
        body = new GZIPInputStream(body, 8192);
      }
      // close: disconnect (it waits for a read in progress in another thread to return, as the
      // body stream is synchronized; that read then fails)
      if (!f.complete(new Stream(code, headers(c), body, conn::disconnect))) {
        c.disconnect(); // cancelled while the headers came in
      }
    } catch (SocketTimeoutException e) {
      disconnect(c);
      f.completeExceptionally(
          connected
              ? new HttpTimeoutException("request timed out")
              : new HttpConnectTimeoutException("connect timed out"));
    } catch (IOException | RuntimeException e) {
      disconnect(c);
      f.completeExceptionally(e);
    }
  }

  private static void disconnect(HttpURLConnection c) {
    if (c != null) {
      c.disconnect();
    }
  }

  /**
   * A watch body whose close drops the connection: HttpURLConnection would otherwise try to read a
   * chunked body to its end to keep the connection, and a watch has no end.
   */
  private static final class DisconnectOnClose extends FilterInputStream {
    private final HttpURLConnection connection;

    DisconnectOnClose(InputStream in, HttpURLConnection connection) {
      super(in);
      this.connection = connection;
    }

    @Override
    public void close() {
      connection.disconnect();
    }
  }

  @Override
  public void close() {
    closed = true;
  }

  /** Sockets with the cipher suites in knm's order (see {@link ClientTls#chachaFirst}). */
  private static final class SuiteOrder extends SSLSocketFactory {
    private final SSLSocketFactory delegate;
    private final String[] suites;

    SuiteOrder(SSLSocketFactory delegate, String[] suites) {
      this.delegate = delegate;
      this.suites = suites;
    }

    private Socket ordered(Socket s) {
      if (s instanceof SSLSocket ssl) {
        ssl.setEnabledCipherSuites(suites);
      }
      return s;
    }

    @Override
    public String[] getDefaultCipherSuites() {
      return suites.clone();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket() throws IOException {
      return ordered(delegate.createSocket());
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose)
        throws IOException {
      return ordered(delegate.createSocket(s, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return ordered(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress local, int localPort)
        throws IOException {
      return ordered(delegate.createSocket(host, port, local, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return ordered(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress local, int localPort)
        throws IOException {
      return ordered(delegate.createSocket(address, port, local, localPort));
    }
  }
}
