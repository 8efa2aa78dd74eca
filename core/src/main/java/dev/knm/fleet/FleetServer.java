package dev.knm.fleet;

import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.knm.cluster.Names;
import dev.knm.error.ErrorText;
import dev.knm.error.KnmException;
import dev.knm.error.NotFoundException;
import dev.knm.error.UsageException;
import dev.knm.kube.model.NodeSummary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * Serve mode's HTTP endpoint, on the JDK's own server (com.sun.net.httpserver: in every JDK, no
 * library to load, enough for probes, scrapes and reloads):
 *
 * <ul>
 *   <li>{@code GET /health/live}, {@code GET /health/ready} (503 until every informer synced, and
 *       from the start of a shutdown), {@code GET /metrics} (Prometheus text): open;
 *   <li>{@code GET /api/v1/clusters}, {@code GET /api/v1/clusters/NAME/nodes}, {@code POST
 *       /api/v1/internal/clusters/NAME/reload}: bearer token (when one is set), else 401; a name
 *       that is not a DNS-1123 label 400; an unknown cluster 404; a body over {@value #MAX_BODY}
 *       bytes 413; another method 405.
 * </ul>
 */
public final class FleetServer implements AutoCloseable {
  public static final String LIVE_PATH = "/health/live";
  public static final String READY_PATH = "/health/ready";
  public static final String METRICS_PATH = "/metrics";
  public static final String CLUSTERS_PATH = "/api/v1/clusters";
  public static final String INTERNAL_CLUSTERS_PATH = "/api/v1/internal/clusters/";

  /** Request bodies larger than this are refused (413): no endpoint needs one. */
  public static final int MAX_BODY = 1024;

  /**
   * @param bind where to listen (port 0: any free port)
   * @param token the bearer token, or null (allowed on a loopback address only)
   * @param tls the server's TLS context, or null for plain HTTP
   */
  public record Settings(InstanceAddress bind, BearerToken token, SSLContext tls) {}

  /** What the endpoints serve from. */
  public record Backend(
      InstanceIdentity identity,
      WatchedClusters watched,
      ClusterReloader reloader,
      FleetMetrics metrics,
      NodeListWriter nodeList,
      FleetLog log) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final Settings settings;
  private final Backend backend;
  private final InFlight reloads = new InFlight();
  private volatile boolean shuttingDown;

  private FleetServer(Settings settings, Backend backend, HttpServer server, ExecutorService ex) {
    this.settings = settings;
    this.backend = backend;
    this.server = server;
    this.executor = ex;
  }

  /** Seconds a client gets to send its request, and to take the answer. */
  static final String REQUEST_SECONDS = "10";

  /**
   * The JDK's server waits for a request's headers and body without a bound by default: a few
   * clients that connect and go silent would hold every handler thread, /health with them. It reads
   * these settings once, when its first server starts; a value set by the user is kept.
   */
  private static void boundRequestTimes() {
    for (String key :
        new String[] {"sun.net.httpserver.maxReqTime", "sun.net.httpserver.maxRspTime"}) {
      if (System.getProperty(key) == null) {
        System.setProperty(key, REQUEST_SECONDS);
      }
    }
  }

  /**
   * Binds and starts serving.
   *
   * @throws UsageException for a non-loopback address without a token
   * @throws dev.knm.error.InvalidInputException when the address cannot be bound
   */
  public static FleetServer start(Settings settings, Backend backend) {
    InetAddress ip = resolve(settings.bind());
    if (settings.token() == null && !ip.isLoopbackAddress()) {
      throw new UsageException(
          "refusing to serve on "
              + settings.bind()
              + " without a token (set "
              + FleetEnv.RELOAD_TOKEN
              + " or --token-file), or serve on a loopback address (127.0.0.1)");
    }
    boundRequestTimes();
    HttpServer server;
    try {
      InetSocketAddress socket = new InetSocketAddress(ip, settings.bind().port());
      if (settings.tls() != null) {
        HttpsServer https = HttpsServer.create(socket, 128);
        https.setHttpsConfigurator(new HttpsConfigurator(settings.tls()));
        server = https;
      } else {
        server = HttpServer.create(socket, 128);
      }
    } catch (IOException e) {
      throw new dev.knm.error.InvalidInputException(
          "cannot serve on " + settings.bind() + ": " + e.getMessage(), e);
    }
    ExecutorService executor =
        Executors.newFixedThreadPool(
            8,
            r -> {
              Thread t = new Thread(r, "knm-serve");
              t.setDaemon(true);
              return t;
            });
    FleetServer fleet = new FleetServer(settings, backend, server, executor);
    server.createContext("/", fleet::handle);
    server.setExecutor(executor);
    server.start();
    return fleet;
  }

  private static InetAddress resolve(InstanceAddress bind) {
    try {
      return InetAddress.getByName(bind.host());
    } catch (UnknownHostException e) {
      throw new UsageException("invalid --serve address '" + bind + "': unknown host");
    }
  }

  /** The address actually bound (the port chosen when 0 was asked). */
  public InstanceAddress address() {
    InetSocketAddress a = server.getAddress();
    return new InstanceAddress(settings.bind().host(), a.getPort());
  }

  /** True when every informer synced and no shutdown began. */
  public boolean ready() {
    return !shuttingDown && backend.watched().synced();
  }

  /** Readiness turns 503 and new reloads are refused (503); requests in flight go on. */
  public void beginShutdown() {
    shuttingDown = true;
    reloads.close();
  }

  /** Waits for the reloads in flight, at most {@code timeout}; true when none is left. */
  public boolean awaitReloads(Duration timeout) throws InterruptedException {
    return reloads.awaitIdle(timeout);
  }

  /** Closes the port. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void handle(HttpExchange ex) {
    try (ex) {
      route(ex);
    } catch (IOException | UncheckedIOException e) {
      // the client went away: nothing to answer
    } catch (RuntimeException e) {
      backend.log().error("request failed", "path", shortPath(ex), "error", ErrorText.of(e));
      try {
        sendJson(ex, 500, error("internal error"));
      } catch (IOException ignored) {
        // the client went away
      }
    }
  }

  private void route(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    switch (path) {
      case LIVE_PATH -> {
        if (allow(ex, "GET")) {
          sendText(ex, 200, "ok\n");
        }
        return;
      }
      case READY_PATH -> {
        if (allow(ex, "GET")) {
          readiness(ex);
        }
        return;
      }
      case METRICS_PATH -> {
        if (allow(ex, "GET")) {
          metrics(ex);
        }
        return;
      }
      default -> {}
    }
    boolean clusters = path.equals(CLUSTERS_PATH);
    String nodesOf = between(path, CLUSTERS_PATH + "/", "/nodes");
    String reloadOf = between(path, INTERNAL_CLUSTERS_PATH, "/reload");
    if (!clusters && nodesOf == null && reloadOf == null) {
      sendJson(ex, 404, error("no such endpoint"));
      return;
    }
    if (!authorized(ex)) {
      reject(ex, 401, "unauthorized", "missing or wrong bearer token");
      return;
    }
    if (!allow(ex, reloadOf != null ? "POST" : "GET")) {
      return;
    }
    if (!bodyWithinLimit(ex)) {
      reject(ex, 413, "too-large", "request body over " + MAX_BODY + " bytes");
      return;
    }
    if (clusters) {
      listClusters(ex);
      return;
    }
    String name = decode(reloadOf != null ? reloadOf : nodesOf);
    try {
      Names.requireClusterName(name);
    } catch (UsageException e) {
      reject(ex, 400, "bad-name", "invalid cluster name: must be a DNS-1123 label");
      return;
    }
    if (reloadOf != null) {
      reload(ex, name);
    } else {
      nodes(ex, name);
    }
  }

  private void readiness(HttpExchange ex) throws IOException {
    if (shuttingDown) {
      sendText(ex, 503, "shutting down\n");
      return;
    }
    if (!backend.watched().synced()) {
      long waiting = backend.watched().clusters().stream().filter(c -> !c.synced()).count();
      sendText(ex, 503, "not ready: " + waiting + " cluster(s) not synced\n");
      return;
    }
    sendText(ex, 200, "ready\n");
  }

  private void metrics(HttpExchange ex) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
    backend.metrics().write(body);
    ex.getResponseHeaders().set("Content-Type", FleetMetrics.CONTENT_TYPE);
    send(ex, 200, body.toByteArray());
  }

  private void listClusters(HttpExchange ex) throws IOException {
    List<WatchedCluster> list = backend.watched().clusters();
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + list.size() * 128);
    try (JsonGenerator g = FleetJson.FACTORY.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("apiVersion", "knm/v1");
      g.writeStringField("kind", "WatchedClusterList");
      g.writeStringField("instance", backend.identity().id());
      g.writeBooleanField("ready", ready());
      g.writeArrayFieldStart("items");
      for (WatchedCluster c : list) {
        g.writeStartObject();
        g.writeStringField("name", c.name());
        g.writeStringField("state", c.state());
        g.writeBooleanField("synced", c.synced());
        g.writeNumberField("nodes", c.nodes());
        g.writeStringField("lastError", c.lastError());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    out.write('\n');
    ex.getResponseHeaders().set("Content-Type", "application/json");
    send(ex, 200, out.toByteArray());
  }

  private void nodes(HttpExchange ex, String name) throws IOException {
    Optional<List<NodeSummary>> nodes = backend.watched().nodes(name);
    if (nodes.isEmpty()) {
      reject(ex, 404, "not-found", "cluster '" + name + "' is not watched by this instance");
      return;
    }
    ex.getResponseHeaders().set("Content-Type", "application/json");
    send(ex, 200, backend.nodeList().write(name, nodes.get()));
  }

  private void reload(HttpExchange ex, String name) throws IOException {
    if (!reloads.enter()) {
      backend.metrics().rejected("shutting-down");
      sendJson(ex, 503, failed(name, "shutting down"));
      return;
    }
    try {
      backend.log().info("reload requested", "cluster", name, "remote", remote(ex));
      ReloadAction action;
      try {
        action = backend.reloader().reload(name, "http");
      } catch (NotFoundException e) {
        backend.metrics().rejected("not-found");
        sendJson(ex, 404, failed(name, "cluster '" + name + "' not found in the store"));
        return;
      } catch (KnmException e) {
        sendJson(ex, 500, failed(name, ErrorText.of(e)));
        return;
      }
      sendJson(ex, 200, ReloadReply.ok(backend.identity().id(), name, action).toJson());
    } finally {
      reloads.exit();
    }
  }

  private boolean authorized(HttpExchange ex) {
    BearerToken token = settings.token();
    return token == null || token.matches(ex.getRequestHeaders().getFirst("Authorization"));
  }

  /** True when the method is {@code allowed} (HEAD too for GET); else answers 405. */
  private boolean allow(HttpExchange ex, String allowed) throws IOException {
    String m = ex.getRequestMethod();
    if (m.equals(allowed) || (allowed.equals("GET") && m.equals("HEAD"))) {
      return true;
    }
    ex.getResponseHeaders().set("Allow", allowed.equals("GET") ? "GET, HEAD" : allowed);
    reject(ex, 405, "method", "method " + m + " not allowed; use " + allowed);
    return false;
  }

  /** Reads the body, at most {@link #MAX_BODY} bytes; false when it is larger. */
  private static boolean bodyWithinLimit(HttpExchange ex) throws IOException {
    String length = ex.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      try {
        if (Long.parseLong(length.strip()) > MAX_BODY) {
          return false;
        }
      } catch (NumberFormatException e) {
        return false;
      }
    }
    InputStream in = ex.getRequestBody();
    byte[] buf = new byte[MAX_BODY + 1];
    int total = 0;
    int n;
    while (total <= MAX_BODY && (n = in.read(buf, total, buf.length - total)) > 0) {
      total += n;
    }
    return total <= MAX_BODY;
  }

  private void reject(HttpExchange ex, int status, String reason, String message)
      throws IOException {
    backend.metrics().rejected(reason);
    backend
        .log()
        .warn(
            "request rejected",
            "status",
            status,
            "reason",
            reason,
            "method",
            ex.getRequestMethod(),
            "path",
            shortPath(ex),
            "remote",
            remote(ex));
    if (status == 413) {
      ex.getResponseHeaders().set("Connection", "close");
    }
    sendJson(ex, status, error(message));
  }

  private byte[] error(String message) {
    return ReloadReply.failed(backend.identity().id(), null, message).toJson();
  }

  private byte[] failed(String cluster, String message) {
    return ReloadReply.failed(backend.identity().id(), cluster, message).toJson();
  }

  private static void sendJson(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/json");
    send(ex, status, body);
  }

  private static void sendText(HttpExchange ex, int status, String body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    send(ex, status, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  /** The raw text between {@code prefix} and {@code suffix} when the path is exactly that. */
  private static String between(String path, String prefix, String suffix) {
    if (path.length() >= prefix.length() + suffix.length()
        && path.startsWith(prefix)
        && path.endsWith(suffix)) {
      return path.substring(prefix.length(), path.length() - suffix.length());
    }
    return null;
  }

  private static String decode(String raw) {
    try {
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return raw; // a malformed escape: left as it is, and the name check refuses it
    }
  }

  private static String shortPath(HttpExchange ex) {
    String p = ex.getRequestURI().getRawPath();
    return p.length() <= 120 ? p : p.substring(0, 117) + "...";
  }

  private static String remote(HttpExchange ex) {
    InetSocketAddress a = ex.getRemoteAddress();
    return a == null ? "-" : a.getAddress().getHostAddress();
  }
}
