package dev.knm.kube;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.knm.error.ClusterUnreachableException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cluster's API server, for reads: raw GETs through fabric8's HTTP client (its auth, TLS and
 * interceptors) with knm's timeouts, retry policy, slow-call warnings and timeout counting. Bodies
 * are parsed by callers with {@link #json()}, a plain Jackson mapper that knows nothing of
 * fabric8's model registry (cheap to start). Close it to close the underlying client.
 */
public final class ClusterClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterClient.class);
  static final Duration SLOW_CALL = Duration.ofSeconds(10);
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final String cluster;
  private final KubernetesClient client;
  private final HttpClient http;
  private final String base;
  private final TimeoutTier tier;
  private final ReadRetryPolicy retry;
  private final TimeoutCounter timeouts;

  public ClusterClient(
      String cluster,
      KubernetesClient client,
      TimeoutTier tier,
      ReadRetryPolicy retry,
      TimeoutCounter timeouts) {
    this.cluster = cluster;
    this.client = client;
    this.http = client.getHttpClient();
    String url = client.getMasterUrl().toString();
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.tier = tier;
    this.retry = retry;
    this.timeouts = timeouts;
  }

  public String cluster() {
    return cluster;
  }

  public TimeoutTier tier() {
    return tier;
  }

  public ReadRetryPolicy retryPolicy() {
    return retry;
  }

  /** The fabric8 client underneath, for typed calls (watches, writes) elsewhere in core. */
  public KubernetesClient kubernetes() {
    return client;
  }

  /** Plain Jackson, no fabric8 model registry. */
  public static ObjectMapper json() {
    return JSON;
  }

  /**
   * GET {@code path} with {@code query}, each attempt bounded by {@code timeout} (headers and
   * body), retried by the read policy when {@code retries}.
   *
   * @throws ClusterUnreachableException on timeouts, I/O errors, 401/403, 429 and 5xx once retries
   *     are exhausted; the message names the cluster, the call and the cause
   * @throws KubeApiException for any other error status (400, 404, 410...), for the caller to map
   */
  public byte[] get(String path, Map<String, String> query, Duration timeout, boolean retries) {
    ReadRetryPolicy policy = retries ? retry : ReadRetryPolicy.none();
    ReadRetryPolicy.Outcome<byte[]> out =
        policy.run(cluster, "GET", path, () -> attempt(path, query, timeout));
    if (out.failure() == null) {
      return out.value();
    }
    RuntimeException f = out.failure();
    if (f instanceof KubeApiException k && !k.retryable() && k.code() != 401 && k.code() != 403) {
      throw k;
    }
    throw unreachable("GET", path, f, out.retries());
  }

  /** GET and parse as a tree. */
  public JsonNode getTree(
      String path, Map<String, String> query, Duration timeout, boolean retries) {
    byte[] body = get(path, query, timeout, retries);
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new ClusterUnreachableException(
          cluster, "cluster " + cluster + ": GET " + path + " returned a body that is not JSON", e);
    }
  }

  ClusterUnreachableException unreachable(String method, String path, Throwable f, int retries) {
    String suffix = retries > 0 ? " (" + retries + (retries == 1 ? " retry)" : " retries)") : "";
    String what;
    if (f instanceof KubeTimeoutException t) {
      what = "timed out after " + TimeoutTier.format(t.timeout());
    } else if (f instanceof KubeApiException k && (k.code() == 401 || k.code() == 403)) {
      what = "was refused (" + k.statusLine() + "): check the cluster's credentials";
    } else if (f instanceof KubeApiException k) {
      what = "failed (" + k.statusLine() + ")";
    } else {
      what = "failed: " + ReadRetryPolicy.cause(f);
    }
    return new ClusterUnreachableException(
        cluster, "cluster " + cluster + ": " + method + " " + path + " " + what + suffix, f);
  }

  private byte[] attempt(String path, Map<String, String> query, Duration timeout) {
    HttpRequest req =
        http.newHttpRequestBuilder()
            .uri(URI.create(base + path + encode(query)))
            .header("Accept", "application/json")
            .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .build();
    long start = System.nanoTime();
    CompletableFuture<HttpResponse<byte[]>> f = http.sendAsync(req, byte[].class);
    HttpResponse<byte[]> resp;
    try {
      resp = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      timeouts.record(cluster);
      throw new KubeTimeoutException("GET", path, timeout);
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new KubeIoException("GET", path, new java.io.InterruptedIOException("interrupted"));
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      while (c instanceof java.util.concurrent.CompletionException && c.getCause() != null) {
        c = c.getCause();
      }
      if (c instanceof HttpTimeoutException
          && !(c instanceof java.net.http.HttpConnectTimeoutException)) {
        timeouts.record(cluster);
        throw new KubeTimeoutException("GET", path, timeout);
      }
      IOException io = c instanceof IOException i ? i : new IOException(c.getMessage(), c);
      throw new KubeIoException("GET", path, io);
    } finally {
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      if (took.compareTo(SLOW_CALL) > 0) {
        LOG.warn(
            "cluster {}: GET {} took {} (slower than {})",
            cluster,
            path,
            ReadRetryPolicy.seconds(took),
            TimeoutTier.format(SLOW_CALL));
      }
    }
    if (resp.code() >= 200 && resp.code() < 300) {
      return resp.body();
    }
    throw apiError(path, resp);
  }

  private static KubeApiException apiError(String path, HttpResponse<byte[]> resp) {
    String reason = null;
    String message = null;
    String fresh = null;
    Duration retryAfter = null;
    try {
      JsonNode s = JSON.readTree(resp.body() == null ? new byte[0] : resp.body());
      if (s != null && s.isObject()) {
        reason = text(s.path("reason"));
        message = text(s.path("message"));
        fresh = text(s.path("metadata").path("continue"));
        JsonNode ra = s.path("details").path("retryAfterSeconds");
        if (ra.canConvertToInt() && ra.asInt() > 0) {
          retryAfter = Duration.ofSeconds(ra.asInt());
        }
      }
    } catch (IOException | RuntimeException ignored) {
      // not a Status: the code says enough
    }
    String header = resp.header("Retry-After");
    if (header != null) {
      try {
        Duration h = Duration.ofSeconds(Long.parseLong(header.trim()));
        if (retryAfter == null || h.compareTo(retryAfter) > 0) {
          retryAfter = h;
        }
      } catch (NumberFormatException ignored) {
        // an HTTP date: rare from API servers; the backoff applies
      }
    }
    return new KubeApiException(
        "GET",
        path,
        resp.code(),
        reason,
        message == null ? KubeApiException.reasonPhrase(resp.code()) : message,
        retryAfter,
        fresh == null || fresh.isEmpty() ? null : fresh);
  }

  private static String text(JsonNode n) {
    return n.isTextual() ? n.asText() : null;
  }

  static String encode(Map<String, String> query) {
    if (query == null || query.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> e : query.entrySet()) {
      if (e.getValue() == null) {
        continue;
      }
      sb.append(sb.length() == 0 ? '?' : '&')
          .append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
    }
    return sb.toString();
  }

  @Override
  public void close() {
    client.close();
  }
}
