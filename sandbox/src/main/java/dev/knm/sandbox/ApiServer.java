package dev.knm.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** The HTTPS API server: routing, auth, faults, lists, watches. Vert.x core, no vertx-web. */
final class ApiServer {
  static final String EXPIRED_MESSAGE =
      "The provided continue parameter is too old to display a consistent list result. You can"
          + " start a new list without the continue parameter, or use the continue token in this"
          + " response to retrieve the remainder of the results. Continuing with the provided"
          + " token results in an inconsistent list - objects that were created, modified, or"
          + " deleted between the time the first chunk was returned and now may show up in the"
          + " list.";

  private final Store store;
  private final Faults faults;
  private final RequestLog log;
  private final String token;
  private final ScheduledExecutorService scheduler;
  private final long bookmarkMillis;
  private final ExecutorService workers =
      Executors.newFixedThreadPool(
          4,
          r -> {
            Thread t = new Thread(r, "sandbox-api");
            t.setDaemon(true);
            return t;
          });
  private Vertx vertx;
  private HttpServer server;
  private volatile long lastDrop = System.currentTimeMillis();
  private volatile long lastCompaction = System.currentTimeMillis();
  private java.util.concurrent.ScheduledFuture<?> faultTimer;

  ApiServer(
      Store store,
      Faults faults,
      RequestLog log,
      String token,
      ScheduledExecutorService scheduler,
      long bookmarkMillis) {
    this.store = store;
    this.faults = faults;
    this.log = log;
    this.token = token;
    this.scheduler = scheduler;
    this.bookmarkMillis = bookmarkMillis;
  }

  int start(String host, int port, Certs.Pems pems) {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(2));
    HttpServerOptions o =
        new HttpServerOptions()
            .setHost(host)
            .setPort(port)
            .setSsl(true)
            .setSslEngineOptions(new ClientCipherOrder())
            .setKeyCertOptions(
                new PemKeyCertOptions()
                    .setCertValue(Buffer.buffer(pems.serverCert()))
                    .setKeyValue(Buffer.buffer(pems.serverKey())))
            .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(pems.caCert())))
            .setClientAuth(ClientAuth.REQUEST)
            .setCompressionSupported(false)
            .setMaxWebSocketFrameSize(1 << 20)
            .setIdleTimeout(0);
    server = vertx.createHttpServer(o).requestHandler(this::handle);
    CompletableFuture<Integer> f = new CompletableFuture<>();
    server
        .listen()
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                f.complete(ar.result().actualPort());
              } else {
                f.completeExceptionally(ar.cause());
              }
            });
    faultTimer =
        scheduler.scheduleAtFixedRate(this::maybeDropWatches, 100, 100, TimeUnit.MILLISECONDS);
    return f.join();
  }

  void close() {
    if (faultTimer != null) {
      faultTimer.cancel(false);
    }
    store.dropWatches();
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
    workers.shutdownNow();
  }

  private void maybeDropWatches() {
    long every = faults.dropWatchesEveryMillis();
    long now = System.currentTimeMillis();
    if (every <= 0) {
      lastDrop = now;
    } else if (now - lastDrop >= every) {
      lastDrop = now;
      store.dropWatches();
    }
    long compactEvery = faults.compactEveryMillis();
    if (compactEvery <= 0) {
      lastCompaction = now;
    } else if (now - lastCompaction >= compactEvery) {
      lastCompaction = now;
      store.compact();
    }
  }

  // ------------------------------------------------------------------ entry

  private void handle(HttpServerRequest req) {
    String path = req.path();
    if (path.startsWith("/_sandbox/")) {
      req.bodyHandler(b -> workers.execute(() -> admin(req, b)));
      return;
    }
    if (!authenticated(req)) {
      req.bodyHandler(
          b -> respond(req, 401, ApiException.status(401, "Unauthorized", "Unauthorized", null)));
      return;
    }
    if (faults.roll(faults.resetRate())) {
      log.add(new RequestLog.Entry(req.method().name(), path, req.query(), 0));
      req.connection().close();
      return;
    }
    boolean upgrade = "websocket".equalsIgnoreCase(req.getHeader("Upgrade"));
    if (upgrade) {
      req.pause();
    }
    Runnable go =
        () -> {
          if (faults.roll(faults.throttleRate())) {
            ObjectNode d = Json.obj();
            d.put("retryAfterSeconds", faults.retryAfterSeconds());
            req.response().putHeader("Retry-After", Integer.toString(faults.retryAfterSeconds()));
            drainAndRespond(
                req,
                429,
                ApiException.status(
                    429,
                    "TooManyRequests",
                    "The sandbox is throttling this request (fault knob)",
                    d));
          } else if (faults.refusedWrite(req.method().name(), path) != 0) {
            int code = faults.refusedWrite(req.method().name(), path);
            drainAndRespond(
                req,
                code,
                ApiException.status(
                    code,
                    code == 403 ? "Forbidden" : "InternalError",
                    code == 403
                        ? "forbidden: refused by the sandbox (fault knob)"
                        : "Internal error occurred: refused by the sandbox (fault knob)",
                    null));
          } else if (faults.roll(faults.errorRate())) {
            drainAndRespond(
                req,
                500,
                ApiException.status(
                    500, "InternalError", "Internal error occurred: injected fault", null));
          } else if (upgrade) {
            webSocket(req);
          } else {
            req.bodyHandler(b -> workers.execute(() -> route(req, b.getBytes())));
          }
        };
    long delay = faults.delayMillis();
    if (delay > 0) {
      if (!upgrade) {
        req.pause();
      }
      vertx.setTimer(
          delay,
          id -> {
            go.run();
            if (!upgrade) {
              req.resume();
            }
          });
    } else {
      go.run();
    }
  }

  private void drainAndRespond(HttpServerRequest req, int code, ObjectNode status) {
    req.resume();
    req.bodyHandler(b -> respond(req, code, status));
  }

  private boolean authenticated(HttpServerRequest req) {
    String h = req.getHeader("Authorization");
    if (h != null && h.startsWith("Bearer ")) {
      return MessageDigest.isEqual(
          h.substring(7).trim().getBytes(StandardCharsets.UTF_8),
          token.getBytes(StandardCharsets.UTF_8));
    }
    try {
      return req.connection().isSsl() && !req.connection().peerCertificates().isEmpty();
    } catch (Exception e) {
      return false;
    }
  }

  // ------------------------------------------------------------------ responses

  private void respond(HttpServerRequest req, int code, Object body) {
    byte[] bytes = body instanceof byte[] b ? b : Json.bytes(body);
    respondBytes(req, code, Buffer.buffer(bytes));
  }

  /** Ends every non-watch response: lists, gets, tables and errors alike. */
  private void respondBytes(HttpServerRequest req, int code, Buffer body) {
    boolean gzip = ResponseCompression.applies(req.getHeader("Accept-Encoding"), body.length());
    log.add(
        new RequestLog.Entry(
            req.method().name(), req.path(), req.query(), code, gzip ? "gzip" : null));
    HttpServerResponse r = req.response();
    if (r.ended() || r.closed()) {
      return;
    }
    r.setStatusCode(code).putHeader("Content-Type", "application/json");
    Buffer wire = body;
    if (gzip) {
      r.putHeader("Content-Encoding", "gzip").putHeader("Vary", "Accept-Encoding");
      wire = ResponseCompression.gzip(body);
    }
    // a slow body trickles what a slow link would carry: the encoded bytes
    if (!req.path().startsWith("/_sandbox/") && faults.roll(faults.slowBodyRate())) {
      trickle(r, wire);
      return;
    }
    r.end(wire);
  }

  private void trickle(HttpServerResponse r, Buffer body) {
    r.setChunked(true);
    int parts = 20;
    int step = Math.max(1, body.length() / parts);
    long pause = Math.max(1, faults.slowBodyMillis() / parts);
    tricklePart(r, body, 0, step, pause);
  }

  /**
   * Writes one part, then schedules the next: one after the other, never two at once (the scheduler
   * has two threads, and parts scheduled ahead could run together on a loaded machine and reach the
   * wire out of order).
   */
  private void tricklePart(HttpServerResponse r, Buffer body, int from, int step, long pause) {
    scheduler.schedule(
        () -> {
          if (r.closed()) {
            return;
          }
          Buffer part = body.getBuffer(from, Math.min(body.length(), from + step));
          if (from + step >= body.length()) {
            r.end(part);
          } else {
            r.write(part);
            tricklePart(r, body, from + step, step, pause);
          }
        },
        pause,
        TimeUnit.MILLISECONDS);
  }

  private void error(HttpServerRequest req, ApiException e) {
    respond(req, e.code(), e.status());
  }

  /**
   * RBAC's refusal as kube-apiserver words it (responsewriters.forbiddenMessage): "pods is
   * forbidden: User "sandbox" cannot list resource "pods" in API group "" in the namespace "a"".
   */
  private static ApiException forbidden(
      HttpServerRequest req, ResourceType t, String ns, String name, String sub) {
    String m = req.method().name();
    String verb =
        switch (m) {
          case "GET" ->
              "true".equals(req.getParam("watch")) ? "watch" : name == null ? "list" : "get";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> "delete";
          default -> m.toLowerCase(java.util.Locale.ROOT);
        };
    String resource = t.plural() + (sub == null ? "" : "/" + sub);
    String message =
        t.plural()
            + (name == null ? "" : " \"" + name + "\"")
            + " is forbidden: User \""
            + SANDBOX_USER
            + "\" cannot "
            + verb
            + " resource \""
            + resource
            + "\" in API group \""
            + t.group()
            + "\" "
            + (ns == null ? "at the cluster scope" : "in the namespace \"" + ns + "\"");
    ObjectNode details = Json.obj();
    if (name != null) {
      details.put("name", name);
    }
    details.put("group", t.group());
    details.put("kind", t.plural());
    return new ApiException(403, "Forbidden", message, details);
  }

  /** The user the sandbox's credentials authenticate as (in RBAC messages). */
  static final String SANDBOX_USER = "sandbox";

  // ------------------------------------------------------------------ admin

  private void admin(HttpServerRequest req, Buffer body) {
    String p = req.path();
    try {
      if (p.equals("/_sandbox/faults")) {
        if (req.method().name().equals("POST") || req.method().name().equals("PUT")) {
          faults.apply(Json.parseAny(body.getBytes()));
        }
        respond(req, 200, faults.toJson());
      } else if (p.equals("/_sandbox/health")) {
        ObjectNode o = Json.obj();
        o.put("nodes", store.count(ResourceType.NODE));
        o.put("pods", store.count(ResourceType.POD));
        o.put("resourceVersion", store.resourceVersion());
        respond(req, 200, o);
      } else {
        respond(req, 404, ApiException.status(404, "NotFound", "no such admin path", null));
      }
    } catch (RuntimeException e) {
      respond(
          req, 400, ApiException.status(400, "BadRequest", String.valueOf(e.getMessage()), null));
    }
  }

  // ------------------------------------------------------------------ routing

  /** A parsed resource path. */
  record Target(ResourceType type, String namespace, String name, String sub) {}

  private void route(HttpServerRequest req, byte[] body) {
    String path = req.path();
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    try {
      switch (path) {
        case "/version" -> {
          respond(req, 200, Discovery.version());
          return;
        }
        case "/api" -> {
          respond(req, 200, Discovery.apiVersions(req.host()));
          return;
        }
        case "/apis" -> {
          respond(req, 200, Discovery.groups());
          return;
        }
        case "/openapi/v3" -> {
          respond(req, 200, Discovery.openApiV3Root());
          return;
        }
        case "/healthz", "/livez", "/readyz" -> {
          log.add(new RequestLog.Entry(req.method().name(), path, req.query(), 200));
          req.response().putHeader("Content-Type", "text/plain").end("ok");
          return;
        }
        default -> {}
      }
      if (path.startsWith("/openapi/v3/")) {
        String[] gv = path.substring("/openapi/v3/".length()).split("/");
        ObjectNode doc =
            gv[0].equals("api") && gv.length == 2
                ? Discovery.openApiV3("", gv[1])
                : gv[0].equals("apis") && gv.length == 3 ? Discovery.openApiV3(gv[1], gv[2]) : null;
        if (doc == null) {
          throw notFoundPath(path);
        }
        respond(req, 200, doc);
        return;
      }
      String[] seg = path.substring(1).split("/");
      int i;
      String group;
      String version;
      if (seg[0].equals("api") && seg.length >= 2) {
        group = "";
        version = seg[1];
        i = 2;
      } else if (seg[0].equals("apis") && seg.length >= 3) {
        group = seg[1];
        version = seg[2];
        i = 3;
      } else {
        throw notFoundPath(path);
      }
      if (seg.length == i) {
        ObjectNode rl = Discovery.resources(group, version);
        if (rl == null) {
          throw notFoundPath(path);
        }
        respond(req, 200, rl);
        return;
      }
      String ns = null;
      if (seg[i].equals("namespaces") && seg.length >= i + 3) {
        ns = seg[i + 1];
        i += 2;
      }
      ResourceType t = ResourceType.find(group, version, seg[i]);
      if (t == null || (ns != null && !t.namespaced())) {
        throw notFoundPath(path);
      }
      String name = seg.length > i + 1 ? seg[i + 1] : null;
      String sub = seg.length > i + 2 ? seg[i + 2] : null;
      if (seg.length > i + 3) {
        throw notFoundPath(path);
      }
      if (faults.forbidden(t.plural())) {
        throw forbidden(req, t, ns, name, sub);
      }
      dispatch(req, new Target(t, ns, name, sub), body);
    } catch (ApiException e) {
      error(req, e);
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      error(req, ApiException.badRequest(String.valueOf(e.getMessage())));
    } catch (RuntimeException e) {
      error(req, new ApiException(500, "InternalError", "Internal error occurred: " + e));
    }
  }

  private static ApiException notFoundPath(String path) {
    return new ApiException(404, "NotFound", "the server could not find the requested resource");
  }

  private void dispatch(HttpServerRequest req, Target t, byte[] body) {
    String m = req.method().name();
    boolean dryRun = req.getParam("dryRun") != null;
    ResourceType type = t.type();
    if (t.name() == null) {
      switch (m) {
        case "GET" -> {
          if (isTrue(req.getParam("watch"))) {
            watchHttp(req, t);
          } else {
            list(req, t);
          }
        }
        case "POST" -> {
          ObjectNode o = Json.parse(body);
          if (type.namespaced()) {
            String bodyNs = Json.text(o, "metadata", "namespace");
            if (bodyNs != null && t.namespace() != null && !bodyNs.equals(t.namespace())) {
              throw ApiException.badRequest(
                  "the namespace of the provided object does not match the namespace sent on the request");
            }
            Json.with(o, "metadata")
                .put("namespace", t.namespace() == null ? "default" : t.namespace());
            String nsName = Json.text(o, "metadata", "namespace");
            if (store.get(ResourceType.NAMESPACE, null, nsName) == null) {
              throw ApiException.notFound(ResourceType.NAMESPACE, nsName);
            }
          }
          respond(req, 201, dryRun ? o : store.create(type, o).json());
        }
        default ->
            throw new ApiException(
                405,
                "MethodNotAllowed",
                "the server does not allow this method on the requested resource");
      }
      return;
    }
    if (t.sub() != null && !t.sub().equals("status")) {
      if (type == ResourceType.POD && t.sub().equals("eviction") && m.equals("POST")) {
        JsonNode ev = body.length == 0 ? Json.obj() : Json.parseAny(body);
        JsonNode g = ev.path("deleteOptions").path("gracePeriodSeconds");
        if (dryRun) {
          Store.Obj p = store.get(type, t.namespace(), t.name());
          if (p == null) {
            throw ApiException.notFound(type, t.name());
          }
        } else {
          store.evict(t.namespace(), t.name(), g.isNumber() ? g.asLong() : null);
        }
        respond(req, 201, ApiException.status(201, null, null, null).put("status", "Success"));
        return;
      }
      throw notFoundPath(req.path());
    }
    switch (m) {
      case "GET" -> {
        Store.Obj o = store.get(type, t.namespace(), t.name());
        if (o == null) {
          throw ApiException.notFound(type, t.name());
        }
        if (wantsTable(req)) {
          respond(
              req,
              200,
              Tables.table(type, List.of(o), req.getParam("includeObject"), store.now(), true));
        } else {
          respond(req, 200, o.json());
        }
      }
      case "PUT" -> {
        ObjectNode o = Json.parse(body);
        ObjectNode md = Json.with(o, "metadata");
        if (!t.name().equals(Json.text(md, "name"))) {
          throw ApiException.badRequest(
              "the name of the object ("
                  + Json.text(md, "name")
                  + ") does not match the name on the URL ("
                  + t.name()
                  + ")");
        }
        if (type.namespaced()) {
          md.put("namespace", t.namespace());
        }
        respond(req, 200, dryRun ? o : store.update(type, o).json());
      }
      case "PATCH" -> {
        String ct = req.getHeader("Content-Type");
        String base = ct == null ? "" : ct.split(";")[0].trim();
        if (!List.of(Patches.JSON_PATCH, Patches.MERGE_PATCH, Patches.STRATEGIC_MERGE_PATCH)
            .contains(base)) {
          throw new ApiException(
              415,
              "UnsupportedMediaType",
              "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json");
        }
        if (dryRun) {
          Store.Obj cur = store.get(type, t.namespace(), t.name());
          if (cur == null) {
            throw ApiException.notFound(type, t.name());
          }
          respond(req, 200, Patches.apply(ct, cur.node(), body));
        } else {
          respond(
              req,
              200,
              store
                  .mutate(type, t.namespace(), t.name(), cur -> Patches.apply(ct, cur, body))
                  .json());
        }
      }
      case "DELETE" -> {
        Long grace = null;
        if (req.getParam("gracePeriodSeconds") != null) {
          grace = Long.parseLong(req.getParam("gracePeriodSeconds"));
        } else if (body.length > 0
            && String.valueOf(req.getHeader("Content-Type"))
                .startsWith(ProtobufDeleteOptions.MEDIA_TYPE)) {
          grace = ProtobufDeleteOptions.gracePeriodSeconds(body); // kubectl sends it this way
        } else if (body.length > 0) {
          JsonNode g = Json.parseAny(body).path("gracePeriodSeconds");
          grace = g.isNumber() ? g.asLong() : null;
        }
        if (dryRun) {
          Store.Obj cur = store.get(type, t.namespace(), t.name());
          if (cur == null) {
            throw ApiException.notFound(type, t.name());
          }
          respond(req, 200, cur.json());
        } else {
          respond(req, 200, store.delete(type, t.namespace(), t.name(), grace).json());
        }
      }
      default ->
          throw new ApiException(
              405,
              "MethodNotAllowed",
              "the server does not allow this method on the requested resource");
    }
  }

  private static boolean isTrue(String v) {
    return v != null && (v.equals("true") || v.equals("1"));
  }

  private static boolean wantsTable(HttpServerRequest req) {
    String a = req.getHeader("Accept");
    return a != null && a.contains("as=Table");
  }

  private static Predicate<Store.Obj> filter(HttpServerRequest req) {
    Selectors.LabelSelector ls = Selectors.labels(req.getParam("labelSelector"));
    Selectors.FieldSelector fs = Selectors.fields(req.getParam("fieldSelector"));
    return o -> ls.test(o.labels()) && fs.test(o.fields());
  }

  // ------------------------------------------------------------------ list

  private void list(HttpServerRequest req, Target t) {
    Predicate<Store.Obj> f = filter(req);
    boolean selective =
        req.getParam("labelSelector") != null || req.getParam("fieldSelector") != null;
    int limit = req.getParam("limit") == null ? 0 : Integer.parseInt(req.getParam("limit"));
    String cont = req.getParam("continue");
    long rv = store.resourceVersion();
    NavigableMap<String, Store.Obj> view = store.view(t.type(), t.namespace());
    if (cont != null && !cont.isEmpty()) {
      ContinueToken tok = ContinueToken.decode(cont);
      if (System.currentTimeMillis() - tok.issuedMillis() > faults.continueTtlMillis()) {
        ObjectNode st = ApiException.status(410, "Expired", EXPIRED_MESSAGE, null);
        ((ObjectNode) st.get("metadata"))
            .put(
                "continue",
                new ContinueToken(rv, tok.lastKey(), System.currentTimeMillis()).encode());
        respond(req, 410, st);
        return;
      }
      view = view.tailMap(tok.lastKey(), false);
      rv = tok.rv();
    }
    List<Store.Obj> items = new ArrayList<>();
    String lastKey = null;
    boolean more = false;
    for (Store.Obj o : view.values()) {
      if (!f.test(o)) {
        continue;
      }
      if (limit > 0 && items.size() >= limit) {
        more = true;
        break;
      }
      items.add(o);
      lastKey = o.key();
    }
    String next = more ? new ContinueToken(rv, lastKey, System.currentTimeMillis()).encode() : null;
    Long remaining = null;
    if (more && !selective) {
      remaining = (long) view.tailMap(lastKey, false).size();
    }
    if (wantsTable(req)) {
      ObjectNode tb =
          Tables.table(t.type(), items, req.getParam("includeObject"), store.now(), true);
      ObjectNode md = (ObjectNode) tb.get("metadata");
      md.put("resourceVersion", Long.toString(rv));
      if (next != null) {
        md.put("continue", next);
      }
      if (remaining != null) {
        md.put("remainingItemCount", remaining);
      }
      respond(req, 200, tb);
      return;
    }
    Buffer b = Buffer.buffer(items.size() * 2048 + 256);
    b.appendString(
        "{\"kind\":\""
            + t.type().listKind()
            + "\",\"apiVersion\":\""
            + t.type().apiVersion()
            + "\",\"metadata\":{\"resourceVersion\":\""
            + rv
            + "\"");
    if (next != null) {
      b.appendString(",\"continue\":\"" + next + "\"");
    }
    if (remaining != null) {
      b.appendString(",\"remainingItemCount\":" + remaining);
    }
    b.appendString("},\"items\":[");
    for (int k = 0; k < items.size(); k++) {
      if (k > 0) {
        b.appendByte((byte) ',');
      }
      b.appendBytes(items.get(k).json());
    }
    b.appendString("]}");
    respondBytes(req, 200, b);
  }

  /** A list continue token: the list's resourceVersion, the last key returned, when issued. */
  record ContinueToken(long rv, String lastKey, long issuedMillis) {
    String encode() {
      ObjectNode o = Json.obj();
      o.put("v", "meta.k8s.io/v1");
      o.put("rv", rv);
      o.put("start", lastKey + "\u0000");
      o.put("ts", issuedMillis);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(o));
    }

    static ContinueToken decode(String s) {
      try {
        JsonNode o = Json.parseAny(Base64.getUrlDecoder().decode(s));
        String start = o.path("start").asText();
        if (start.endsWith("\u0000")) {
          start = start.substring(0, start.length() - 1);
        }
        return new ContinueToken(o.path("rv").asLong(), start, o.path("ts").asLong());
      } catch (RuntimeException e) {
        throw ApiException.badRequest("continue key is not valid: " + e.getMessage());
      }
    }
  }

  // ------------------------------------------------------------------ watch

  private byte[] eventBytes(
      Store.Event e, ResourceType t, boolean table, String includeObject, AtomicBoolean first) {
    Buffer b = Buffer.buffer(e.obj().json().length + 64);
    b.appendString("{\"type\":\"" + e.type() + "\",\"object\":");
    if (table) {
      b.appendBytes(
          Json.bytes(
              Tables.table(
                  t, List.of(e.obj()), includeObject, store.now(), first.getAndSet(false))));
    } else {
      b.appendBytes(e.obj().json());
    }
    b.appendString("}\n");
    return b.getBytes();
  }

  private static byte[] bookmark(ResourceType t, long rv) {
    return ("{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\""
            + t.kind()
            + "\",\"apiVersion\":\""
            + t.apiVersion()
            + "\",\"metadata\":{\"resourceVersion\":\""
            + rv
            + "\",\"annotations\":{\"k8s.io/initial-events-end\":\"true\"}}}}\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] gone(ApiException e) {
    return ("{\"type\":\"ERROR\",\"object\":"
            + new String(Json.bytes(e.status()), StandardCharsets.UTF_8)
            + "}\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Sets up a watch writing through {@code out}; {@code end} closes the stream. */
  private void startWatch(
      HttpServerRequest req,
      Target t,
      Consumer<byte[]> out,
      Runnable end,
      Consumer<Runnable> onClose) {
    Predicate<Store.Obj> f = filter(req);
    boolean table = wantsTable(req);
    String inc = req.getParam("includeObject");
    String rvParam = req.getParam("resourceVersion");
    boolean fromNow = rvParam != null && !rvParam.isEmpty() && !rvParam.equals("0");
    long fromRv = fromNow ? Long.parseLong(rvParam) : 0;
    AtomicBoolean first = new AtomicBoolean(true);
    Store.Watch w;
    try {
      w =
          store.watch(
              t.type(),
              t.namespace(),
              f,
              fromRv,
              fromNow,
              e -> {
                if (e == null) {
                  end.run();
                } else {
                  out.accept(eventBytes(e, t.type(), table, inc, first));
                }
              });
    } catch (ApiException e) {
      out.accept(gone(e));
      end.run();
      return;
    }
    var bm =
        isTrue(req.getParam("allowWatchBookmarks"))
            ? scheduler.scheduleAtFixedRate(
                () -> out.accept(bookmark(t.type(), store.resourceVersion())),
                0,
                bookmarkMillis,
                TimeUnit.MILLISECONDS)
            : null;
    var timeout =
        req.getParam("timeoutSeconds") != null
            ? scheduler.schedule(
                () -> {
                  w.close();
                  end.run();
                },
                Long.parseLong(req.getParam("timeoutSeconds")),
                TimeUnit.SECONDS)
            : null;
    onClose.accept(
        () -> {
          w.close();
          if (bm != null) {
            bm.cancel(false);
          }
          if (timeout != null) {
            timeout.cancel(false);
          }
        });
  }

  /**
   * A watch from a resourceVersion the store has not reached (the server was restored or restarted
   * with an older state) fails as kube-apiserver's watch cache fails it: 504 with reason Timeout
   * and cause ResourceVersionTooLarge, for the client to list again. (The real server first waits
   * up to 3 s for the version to arrive; the sandbox answers at once.)
   */
  private static ApiException tooLarge(HttpServerRequest req, long current) {
    String rvParam = req.getParam("resourceVersion");
    if (rvParam == null || rvParam.isEmpty() || rvParam.equals("0")) {
      return null;
    }
    long rv;
    try {
      rv = Long.parseLong(rvParam);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid resource version: " + rvParam);
    }
    if (rv <= current) {
      return null;
    }
    ObjectNode d = Json.obj();
    d.putArray("causes")
        .addObject()
        .put("reason", "ResourceVersionTooLarge")
        .put("message", "Too large resource version");
    d.put("retryAfterSeconds", 1);
    return new ApiException(
        504, "Timeout", "Timeout: Too large resource version: " + rv + ", current: " + current, d);
  }

  private void watchHttp(HttpServerRequest req, Target t) {
    ApiException future = tooLarge(req, store.resourceVersion());
    if (future != null) {
      respond(req, 504, future.status());
      return;
    }
    log.add(new RequestLog.Entry(req.method().name(), req.path(), req.query(), 200));
    HttpServerResponse r = req.response();
    r.setStatusCode(200)
        .setChunked(true)
        .putHeader("Content-Type", "application/json")
        .putHeader("Transfer-Encoding", "chunked");
    r.write(Buffer.buffer());
    AtomicBoolean ended = new AtomicBoolean();
    Runnable end =
        () -> {
          if (ended.compareAndSet(false, true) && !r.closed() && !r.ended()) {
            r.end();
          }
        };
    startWatch(
        req,
        t,
        bytes -> {
          if (!ended.get() && !r.closed()) {
            r.write(Buffer.buffer(bytes));
          }
        },
        end,
        cleanup -> {
          r.closeHandler(v -> cleanup.run());
          r.endHandler(v -> cleanup.run());
        });
  }

  private void webSocket(HttpServerRequest req) {
    String path = req.path();
    String[] seg = path.substring(1).split("/");
    Target target;
    try {
      int i = seg[0].equals("api") ? 2 : 3;
      String group = seg[0].equals("api") ? "" : seg[1];
      String version = seg[0].equals("api") ? seg[1] : seg[2];
      String ns = null;
      if (seg[i].equals("namespaces") && seg.length >= i + 3) {
        ns = seg[i + 1];
        i += 2;
      }
      ResourceType t = ResourceType.find(group, version, seg[i]);
      if (t == null) {
        throw new IllegalArgumentException();
      }
      target = new Target(t, ns, null, null);
    } catch (RuntimeException e) {
      req.resume();
      respond(req, 404, notFoundPath(path).status());
      return;
    }
    log.add(new RequestLog.Entry("GET", path, req.query(), 101));
    req.toWebSocket()
        .onSuccess(
            (ServerWebSocket ws) -> {
              AtomicBoolean ended = new AtomicBoolean();
              Runnable end =
                  () -> {
                    if (ended.compareAndSet(false, true) && !ws.isClosed()) {
                      ws.close();
                    }
                  };
              startWatch(
                  req,
                  target,
                  bytes -> {
                    if (!ended.get() && !ws.isClosed()) {
                      ws.writeTextMessage(new String(bytes, StandardCharsets.UTF_8).trim());
                    }
                  },
                  end,
                  cleanup -> ws.closeHandler(v -> cleanup.run()));
            });
  }
}
