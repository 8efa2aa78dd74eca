package dev.knm.kube;

import dev.knm.kube.transport.ClusterClient;
import dev.knm.kube.transport.KubeClientFactory;
import dev.knm.kube.transport.ReadRetryPolicy;
import dev.knm.kube.transport.TimeoutCounter;
import dev.knm.kube.transport.TimeoutTier;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A small API server for tests, served by fabric8's KubernetesMockServer with a custom dispatcher:
 * /version, nodes and pods with limit/continue pagination (key order), label (k=v) and field
 * selectors (spec.nodeName, status.phase, = and !=), expiring continue tokens (410 with or without
 * a fresh token), a server that ignores limit or puts items before metadata, and queued faults.
 * Swap for dev.knm.sandbox.Sandbox once it exists: the services only need a kubeconfig pointing at
 * a URL.
 */
public final class FakeKubeApi extends Dispatcher implements AutoCloseable {

  public record PodDef(
      String ns, String name, String node, String phase, String cpu, String mem, String gpu) {
    public String key() {
      return ns + "/" + name;
    }

    public String json() {
      StringBuilder req = new StringBuilder();
      if (cpu != null) {
        req.append("\"cpu\":\"").append(cpu).append('"');
      }
      if (mem != null) {
        req.append(req.length() > 0 ? "," : "").append("\"memory\":\"").append(mem).append('"');
      }
      if (gpu != null) {
        req.append(req.length() > 0 ? "," : "")
            .append("\"nvidia.com/gpu\":\"")
            .append(gpu)
            .append('"');
      }
      return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"namespace\":\""
          + ns
          + "\",\"name\":\""
          + name
          + "\",\"uid\":\"uid-"
          + name
          + "\",\"labels\":{\"app\":\""
          + (name.startsWith("web") ? "web" : "other")
          + "\"},\"creationTimestamp\":\"2026-01-01T00:00:00Z\"},\"spec\":{\"nodeName\":"
          + (node == null ? "null" : "\"" + node + "\"")
          + ",\"containers\":[{\"name\":\"c\",\"image\":\"busybox\",\"resources\":{\"requests\":{"
          + req
          + "}}}]},\"status\":{\"phase\":\""
          + phase
          + "\"}}";
    }
  }

  public final KubernetesMockServer server;
  public final TreeMap<String, PodDef> pods = new TreeMap<>();
  public final TreeMap<String, String> nodes = new TreeMap<>();
  public final List<String> requests = new CopyOnWriteArrayList<>();
  public final List<String> authorizations = new CopyOnWriteArrayList<>();
  public final Queue<MockResponse> faults = new ConcurrentLinkedQueue<>();
  public final AtomicInteger expireNext = new AtomicInteger();
  public volatile boolean freshTokenOn410;
  public volatile boolean ignoreLimit;
  public volatile boolean itemsFirst;
  public volatile String gitVersion = "v1.31.4";
  public volatile Duration listBodyDelay = Duration.ZERO;
  public volatile Consumer<String> onRequest = p -> {};

  public FakeKubeApi() {
    server =
        new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), this, false);
    server.init();
  }

  public String url() {
    return "http://" + server.getHostName() + ":" + server.getPort();
  }

  /** A flat single-context kubeconfig pointing at this server. */
  /** A client of this server whose read retries wait 5 ms, not 1 s (tests of paging and faults). */
  public ClusterClient client(String cluster, TimeoutTier tier) {
    return new KubeClientFactory(
            ReadRetryPolicy.withBaseDelay(java.time.Duration.ofMillis(5)),
            TimeoutCounter.counting())
        .create(cluster, kubeconfig(), tier);
  }

  public String kubeconfig() {
    return "apiVersion: v1\nkind: Config\nclusters:\n- name: fake\n  cluster:\n    server: "
        + url()
        + "\nusers:\n- name: u\n  user:\n    token: secret-token\ncontexts:\n- name: ctx\n"
        + "  context:\n    cluster: fake\n    user: u\ncurrent-context: ctx\n";
  }

  public FakeKubeApi pod(String ns, String name, String node) {
    return pod(new PodDef(ns, name, node, "Running", "100m", "128Mi", null));
  }

  public FakeKubeApi pod(PodDef p) {
    pods.put(p.key(), p);
    return this;
  }

  public FakeKubeApi node(String name, String json) {
    nodes.put(name, json);
    return this;
  }

  public void fault(int code, String retryAfterHeader, String body) {
    MockResponse r = new MockResponse().setResponseCode(code).setBody(body == null ? "" : body);
    if (retryAfterHeader != null) {
      r.addHeader("Retry-After", retryAfterHeader);
    }
    faults.add(r);
  }

  public long requestsTo(String pathPrefix) {
    return requests.stream().filter(r -> r.startsWith(pathPrefix)).count();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String full = request.getPath();
    requests.add(full);
    authorizations.add(String.valueOf(request.getHeader("Authorization")));
    onRequest.accept(full);
    MockResponse fault = faults.poll();
    if (fault != null) {
      return fault;
    }
    int q = full.indexOf('?');
    String path = q < 0 ? full : full.substring(0, q);
    Map<String, String> query = parse(q < 0 ? "" : full.substring(q + 1));
    if (path.equals("/version")) {
      return json(200, "{\"major\":\"1\",\"minor\":\"31\",\"gitVersion\":\"" + gitVersion + "\"}");
    }
    if (path.equals("/api/v1/nodes")) {
      List<Map.Entry<String, String>> items = new ArrayList<>(nodes.entrySet());
      return list("NodeList", items, query);
    }
    if (path.startsWith("/api/v1/nodes/")) {
      String n = nodes.get(path.substring("/api/v1/nodes/".length()));
      return n == null
          ? json(404, status(404, "NotFound", "nodes \"x\" not found", null))
          : json(200, n);
    }
    if (path.equals("/api/v1/pods") || path.matches("/api/v1/namespaces/[^/]+/pods")) {
      String ns = path.equals("/api/v1/pods") ? null : path.split("/")[4];
      List<Map.Entry<String, String>> items = new ArrayList<>();
      for (PodDef p : pods.values()) {
        if ((ns == null || ns.equals(p.ns())) && matches(p, query)) {
          items.add(Map.entry(p.key(), p.json()));
        }
      }
      MockResponse r = list("PodList", items, query);
      if (!listBodyDelay.isZero()) {
        r.setBodyDelay(listBodyDelay);
      }
      return r;
    }
    return json(
        404, status(404, "NotFound", "the server could not find the requested resource", null));
  }

  private MockResponse list(
      String kind, List<Map.Entry<String, String>> items, Map<String, String> q) {
    String cont = q.get("continue");
    int start = 0;
    if (cont != null) {
      if (expireNext.get() > 0) {
        expireNext.decrementAndGet();
        String fresh = freshTokenOn410 ? cont : null;
        return json(
            410,
            status(
                410,
                "Expired",
                "The provided continue parameter is too old to display a consistent list result.",
                fresh));
      }
      String after = cont.substring(2);
      while (start < items.size() && items.get(start).getKey().compareTo(after) <= 0) {
        start++;
      }
    }
    int limit =
        ignoreLimit || !q.containsKey("limit")
            ? Integer.MAX_VALUE
            : Integer.parseInt(q.get("limit"));
    int end = (int) Math.min((long) start + limit, items.size());
    String next = end < items.size() ? "k:" + items.get(end - 1).getKey() : null;
    StringBuilder metadata = new StringBuilder("\"metadata\":{\"resourceVersion\":\"7\"");
    if (next != null) {
      metadata
          .append(",\"continue\":\"")
          .append(next)
          .append("\",\"remainingItemCount\":")
          .append(items.size() - end);
    }
    metadata.append('}');
    StringBuilder sb = new StringBuilder("{\"kind\":\"" + kind + "\",\"apiVersion\":\"v1\",");
    if (!itemsFirst) {
      sb.append(metadata).append(',');
    }
    sb.append("\"items\":[");
    for (int i = start; i < end; i++) {
      sb.append(i > start ? "," : "").append(items.get(i).getValue());
    }
    sb.append(']');
    if (itemsFirst) {
      sb.append(',').append(metadata);
    }
    return json(200, sb.append('}').toString());
  }

  private static boolean matches(PodDef p, Map<String, String> q) {
    String fs = q.get("fieldSelector");
    if (fs != null) {
      for (String term : fs.split(",")) {
        boolean neg = term.contains("!=");
        String[] kv = term.split(neg ? "!=" : "=", 2);
        String actual =
            switch (kv[0]) {
              case "spec.nodeName" -> p.node() == null ? "" : p.node();
              case "status.phase" -> p.phase();
              default -> throw new IllegalArgumentException("unsupported field " + kv[0]);
            };
        if (neg == actual.equals(kv[1])) {
          return false;
        }
      }
    }
    String ls = q.get("labelSelector");
    if (ls != null) {
      String[] kv = ls.split("=", 2);
      String app = p.name().startsWith("web") ? "web" : "other";
      return kv[0].equals("app") && kv[1].equals(app);
    }
    return true;
  }

  public static String status(int code, String reason, String message, String freshContinue) {
    return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{"
        + (freshContinue == null ? "" : "\"continue\":\"" + freshContinue + "\"")
        + "},\"status\":\"Failure\",\"message\":\""
        + message
        + "\",\"reason\":\""
        + reason
        + "\",\"code\":"
        + code
        + "}";
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse()
        .setResponseCode(code)
        .addHeader("Content-Type", "application/json")
        .setBody(body);
  }

  public static Map<String, String> parse(String query) {
    Map<String, String> m = new LinkedHashMap<>();
    if (query.isEmpty()) {
      return m;
    }
    for (String kv : query.split("&")) {
      int i = kv.indexOf('=');
      m.put(
          URLDecoder.decode(kv.substring(0, i), StandardCharsets.UTF_8),
          URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
    }
    return m;
  }

  @Override
  public void close() {
    server.destroy();
  }
}
