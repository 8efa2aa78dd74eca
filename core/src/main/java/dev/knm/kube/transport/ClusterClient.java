package dev.knm.kube.transport;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.knm.cluster.Deadline;
import dev.knm.error.ClusterUnreachableException;
import dev.knm.error.CredentialsRejectedException;
import dev.knm.error.ErrorText;
import dev.knm.error.InvalidInputException;
import dev.knm.error.SecretScrubber;
import io.fabric8.kubernetes.client.KubernetesClient;
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
 * One cluster's API server: raw GETs through an {@link ApiTransport} (the lean JDK one, or
 * fabric8's for what it cannot do; {@link KubeClientFactory} picks) with knm's timeouts, retry
 * policy, slow-call warnings and timeout counting. Bodies are parsed by callers with {@link
 * #json()}, a plain Jackson mapper that knows nothing of fabric8's model registry, made on first
 * use. Writes ({@link #send}) and watches ({@link #watch}, the one streaming GET) go through the
 * same transport and are never retried by the read policy. The fabric8 client ({@link
 * #kubernetes()}) is built on first call only. Close it to close both.
 */
public final class ClusterClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterClient.class);
  static final Duration SLOW_CALL = Duration.ofSeconds(10);
  public static final String JSON_MEDIA_TYPE = "application/json";

  /** Loaded with the first {@link #json()} call, not with ClusterClient: Jackson costs ~0.3 s. */
  private static final class Json {
    static final ObjectMapper MAPPER =
        new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  }

  private final String cluster;
  private final String namespace;
  private final ApiTransport transport;
  private final LazyKubernetesClient kubernetes;
  private final String base;
  private final TimeoutTier tier;
  private final ReadRetryPolicy retry;
  private final TimeoutCounter timeouts;
  private final Deadline deadline;
  private final SecretScrubber scrubber;
  private final CallObserver observer;
  private volatile boolean closed;

  ClusterClient(
      String cluster,
      ClusterConnection connection,
      ApiTransport transport,
      LazyKubernetesClient kubernetes,
      TimeoutTier tier,
      ReadRetryPolicy retry,
      TimeoutCounter timeouts,
      Deadline deadline) {
    this(
        cluster,
        connection,
        transport,
        kubernetes,
        tier,
        retry,
        timeouts,
        deadline,
        CallObserver.NONE);
  }

  ClusterClient(
      String cluster,
      ClusterConnection connection,
      ApiTransport transport,
      LazyKubernetesClient kubernetes,
      TimeoutTier tier,
      ReadRetryPolicy retry,
      TimeoutCounter timeouts,
      Deadline deadline,
      CallObserver observer) {
    this.observer = observer;
    this.cluster = cluster;
    this.namespace = connection.namespace();
    this.transport = transport;
    this.kubernetes = kubernetes;
    this.base = connection.server().toString();
    this.tier = tier;
    this.retry = retry;
    this.timeouts = timeouts;
    this.deadline = deadline;
    this.scrubber = connection.scrubber();
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

  /** The command's deadline: every request is bounded by what is left of it. */
  public Deadline deadline() {
    return deadline;
  }

  /** The namespace of the kubeconfig's context, or null when it names none. */
  public String namespace() {
    return namespace;
  }

  /**
   * The fabric8 client for this cluster, for typed calls (watches, writes) elsewhere in core; built
   * on the first call (~1,000 classes), shared afterwards, closed with this client.
   *
   * @throws IllegalStateException once this client is closed
   */
  public KubernetesClient kubernetes() {
    return kubernetes.get();
  }

  /** Plain Jackson, no fabric8 model registry. */
  public static ObjectMapper json() {
    return Json.MAPPER;
  }

  /** The transport in use (tests: which one the factory picked). */
  ApiTransport transport() {
    return transport;
  }

  boolean isClosed() {
    return closed;
  }

  /**
   * GET {@code path} with {@code query}, each attempt bounded by {@code timeout} (headers and body)
   * or by what is left of the {@link #deadline()}, whichever is shorter; retried by the read policy
   * when {@code retries}.
   *
   * @throws ClusterUnreachableException on timeouts, I/O errors, 429 and 5xx once retries are
   *     exhausted; the message names the cluster, the call and the cause
   * @throws CredentialsRejectedException on 401 and 403
   * @throws KubeApiException for any other error status (400, 404, 410...), for the caller to map
   */
  public byte[] get(String path, Map<String, String> query, Duration timeout, boolean retries) {
    return get(path, query, JSON_MEDIA_TYPE, timeout, retries);
  }

  /**
   * The same with another {@code Accept} header, e.g. {@code
   * application/json;as=Table;v=v1;g=meta.k8s.io,application/json} for server-side tables.
   */
  public byte[] get(
      String path, Map<String, String> query, String accept, Duration timeout, boolean retries) {
    ReadRetryPolicy policy = retries ? retry : ReadRetryPolicy.none();
    ReadRetryPolicy.Outcome<byte[]> out =
        policy.run(cluster, "GET", path, deadline, () -> attempt(path, query, accept, timeout));
    if (out.failure() == null) {
      return out.value();
    }
    RuntimeException f = out.failure();
    if (f instanceof KubeApiException k && (k.code() == 401 || k.code() == 403)) {
      throw RejectedCredentials.of(cluster, k, query);
    }
    if (f instanceof KubeApiException k && !k.retryable()) {
      throw k;
    }
    if (f instanceof KubeIoException io && io.requestNotSent()) {
      throw new InvalidInputException(
          "cluster " + cluster + ": GET " + path + " " + io.getMessage(), io);
    }
    throw unreachable("GET", path, f, out.retries(), out.deadlineReached());
  }

  /** GET and parse as a tree. */
  public JsonNode getTree(
      String path, Map<String, String> query, Duration timeout, boolean retries) {
    byte[] body = get(path, query, timeout, retries);
    try {
      return json().readTree(body);
    } catch (IOException e) {
      throw new ClusterUnreachableException(
          cluster, "cluster " + cluster + ": GET " + path + " returned a body that is not JSON", e);
    }
  }

  public ClusterUnreachableException unreachable(
      String method, String path, Throwable f, int retries) {
    return unreachable(method, path, f, retries, false);
  }

  private ClusterUnreachableException unreachable(
      String method, String path, Throwable f, int retries, boolean deadlineReached) {
    String suffix = retries > 0 ? " (" + retries + (retries == 1 ? " retry)" : " retries)") : "";
    if (deadlineReached) {
      suffix +=
          " (no time left for another retry within the deadline of "
              + TimeoutTier.format(deadline.budget())
              + ")";
    }
    String what;
    if (f instanceof KubeTimeoutException t) {
      what = t.what();
    } else if (f instanceof KubeApiException k && (k.code() == 401 || k.code() == 403)) {
      what = "was refused (" + k.statusLine() + "): check the cluster's credentials";
    } else if (f instanceof KubeApiException k) {
      what = "failed (" + k.statusLine() + ")";
    } else {
      what = "failed: " + ReadRetryPolicy.cause(f);
    }
    // scrubbed here too: callers may hand in failures that did not come through attempt()
    return new ClusterUnreachableException(
        cluster,
        ErrorText.line(
            "cluster " + cluster + ": " + method + " " + path + " " + what + suffix, scrubber),
        scrubber.scrub(f));
  }

  private byte[] attempt(
      String path, Map<String, String> query, String accept, Duration requestTimeout) {
    if (deadline.bound(requestTimeout).toMillis() < 1) {
      // (almost) nothing left, and a read timeout of 0 would mean none at all: not sent, and
      // nothing to count against the server
      throw new KubeTimeoutException("GET", path, requestTimeout, deadline.budget());
    }
    // the deadline may leave less than a whole request timeout
    boolean cut = deadline.cuts(requestTimeout);
    Duration timeout = deadline.bound(requestTimeout);
    ApiTransport.Response resp =
        exchange("GET", path, query, Map.of("Accept", accept), null, timeout, cut);
    if (resp.code() >= 200 && resp.code() < 300) {
      return resp.body();
    }
    throw apiError("GET", path, resp);
  }

  /**
   * A write: {@code method} (POST, PUT, DELETE; PATCH only when {@link #supportsPatch()}) on {@code
   * path} with a JSON body (or none), bounded by {@code timeout}. Never retried here: a write is
   * retried only by a caller that knows it is safe (eviction's disruption-budget loop, a lease's
   * compare-and-swap). Any status comes back as an {@link ApiResponse}.
   *
   * @throws KubeTimeoutException when no response came in time
   * @throws KubeIoException on a connection failure (the write may or may not have been applied)
   */
  public ApiResponse send(
      String method,
      String path,
      Map<String, String> query,
      String contentType,
      byte[] body,
      Duration timeout) {
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    headers.put("Accept", JSON_MEDIA_TYPE);
    if (body != null) {
      headers.put("Content-Type", contentType == null ? JSON_MEDIA_TYPE : contentType);
    }
    ApiTransport.Response resp = exchange(method, path, query, headers, body, timeout, false);
    return new ApiResponse(resp.code(), resp.body(), retryAfter(resp), scrubber);
  }

  /** Whether {@link #send} can PATCH on this cluster's transport (the lean one cannot). */
  public boolean supportsPatch() {
    return transport.supportsPatch();
  }

  /**
   * Opens a watch: a streaming GET of {@code path} with {@code query} (which should hold {@code
   * watch=true}). The wait for the response headers is bounded by the tier's request timeout (and
   * ends early on an interrupt, dropping the connection); then each wait for more of the body by
   * {@code readTimeout}. Observed as a "watch" call. Not retried: a watcher reconnects from the
   * last resourceVersion it saw, with its own backoff.
   *
   * @throws KubeApiException when the server refuses it (its Status body read: 410 for a
   *     resourceVersion too old...)
   * @throws KubeTimeoutException when the response headers did not come within the request timeout
   * @throws KubeIoException on a connection failure (or an interrupt while waiting)
   */
  public WatchStream watch(String path, Map<String, String> query, Duration readTimeout) {
    URI uri = URI.create(base + path + encode(query));
    long start = System.nanoTime();
    ApiTransport.Stream stream;
    try {
      CompletableFuture<ApiTransport.Stream> f =
          transport.open(uri, Map.of("Accept", JSON_MEDIA_TYPE), readTimeout);
      stream = await("GET", path, f, tier.request(), start, false);
    } catch (KubeTimeoutException e) {
      observe("watch", start, CallObserver.TIMED_OUT);
      throw e;
    } catch (RuntimeException e) {
      observe("watch", start, CallObserver.IO_ERROR);
      throw e;
    }
    observe("watch", start, stream.code());
    if (stream.code() >= 200 && stream.code() < 300) {
      LOG.debug("cluster {}: GET {}{}: {} (watch)", cluster, path, encode(query), stream.code());
      return new WatchStream(cluster, path, stream);
    }
    byte[] body;
    try (stream) {
      body = stream.body().readNBytes(64 * 1024);
    } catch (IOException e) {
      body = new byte[0];
    }
    throw apiError("GET", path, new ApiTransport.Response(stream.code(), stream.headers(), body));
  }

  /**
   * One request and its answer, whatever its status: timed, observed (metrics), logged at debug,
   * and warned about when slow. {@code cut}: the timeout is what was left of the deadline.
   */
  private ApiTransport.Response exchange(
      String method,
      String path,
      Map<String, String> query,
      Map<String, String> headers,
      byte[] body,
      Duration timeout,
      boolean cut) {
    URI uri = URI.create(base + path + encode(query));
    long start = System.nanoTime();
    CompletableFuture<ApiTransport.Response> f =
        method.equals("GET")
            ? transport.get(uri, headers, timeout)
            : transport.send(method, uri, headers, body, timeout);
    ApiTransport.Response resp;
    int status = CallObserver.IO_ERROR;
    try {
      resp = await(method, path, f, timeout, start, cut);
      status = resp.code();
    } catch (KubeTimeoutException e) {
      status = CallObserver.TIMED_OUT;
      throw e;
    } finally {
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      observer.call(cluster, method.toLowerCase(java.util.Locale.ROOT), took, status);
      LOG.debug("cluster {}: {} {} in {} ms", cluster, method, path, took.toMillis());
      if (took.compareTo(SLOW_CALL) > 0) {
        LOG.warn(
            "cluster {}: {} {} took {} (slower than {})",
            cluster,
            method,
            path,
            ReadRetryPolicy.seconds(took),
            TimeoutTier.format(SLOW_CALL));
      }
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "cluster {}: {} {}{}: {}, {} bytes",
          cluster,
          method,
          path,
          encode(query),
          resp.code(),
          resp.body() == null ? 0 : resp.body().length);
    }
    return resp;
  }

  /** Waits for a transport's future, mapping timeouts, interrupts and I/O failures. */
  private <T> T await(
      String method,
      String path,
      CompletableFuture<T> f,
      Duration timeout,
      long startNanos,
      boolean cut) {
    try {
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw timedOut(method, path, timeout, cut);
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new KubeIoException(method, path, new java.io.InterruptedIOException("interrupted"));
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      while (c instanceof java.util.concurrent.CompletionException && c.getCause() != null) {
        c = c.getCause();
      }
      if (c instanceof HttpTimeoutException) {
        // connecting or the TLS handshake, or reading: no answer in time either way
        throw timedOut(method, path, waited(startNanos, timeout), cut);
      }
      if (c instanceof IllegalArgumentException bad) {
        // the JDK refused to build the request (its message quotes the header value)
        throw KubeIoException.notSent(method, path, bad, scrubber);
      }
      IOException io = c instanceof IOException i ? i : new IOException(c.getMessage(), c);
      throw new KubeIoException(method, path, TlsFailure.explain(io), scrubber);
    }
  }

  /** Counts the timeout and says what timed out: after the request timeout, or at the deadline. */
  private KubeTimeoutException timedOut(
      String method, String path, Duration timeout, boolean byDeadline) {
    timeouts.record(cluster);
    return byDeadline
        ? new KubeTimeoutException(method, path, timeout, deadline.budget())
        : new KubeTimeoutException(method, path, timeout);
  }

  /**
   * How long a timed-out attempt waited, as the configured {@code timeout} when it ran its course,
   * else (a shorter connect timeout) in whole seconds.
   */
  private static Duration waited(long startNanos, Duration timeout) {
    long ms = (System.nanoTime() - startNanos) / 1_000_000;
    if (ms >= timeout.toMillis() * 95 / 100) {
      return timeout;
    }
    return ms < 1000 ? Duration.ofMillis(ms) : Duration.ofSeconds(Math.round(ms / 1000.0));
  }

  private void observe(String verb, long start, int status) {
    observer.call(cluster, verb, Duration.ofNanos(System.nanoTime() - start), status);
  }

  /** From the Retry-After header or the Status details.retryAfterSeconds, the larger of both. */
  private static Duration retryAfter(ApiTransport.Response resp) {
    if (resp.code() < 400) {
      return null;
    }
    ApiStatus s = ApiStatus.parse(resp.body());
    Duration retryAfter =
        s.retryAfterSeconds() == null ? null : Duration.ofSeconds(s.retryAfterSeconds());
    String header = resp.header("Retry-After");
    if (header != null) {
      try {
        Duration h = Duration.ofSeconds(Long.parseLong(header.trim()));
        if (retryAfter == null || h.compareTo(retryAfter) > 0) {
          retryAfter = h;
        }
      } catch (NumberFormatException ignored) {
        // an HTTP date: rare from API servers; the caller's own delay applies
      }
    }
    return retryAfter;
  }

  private KubeApiException apiError(String method, String path, ApiTransport.Response resp) {
    ApiStatus s = ApiStatus.parse(resp.body());
    String message = s.message();
    String fresh = s.continueToken();
    return new KubeApiException(
        method,
        path,
        resp.code(),
        s.reason(),
        // the server's own words: an API server (or a proxy before it) may echo our headers
        message == null ? KubeApiException.reasonPhrase(resp.code()) : scrubber.scrub(message),
        retryAfter(resp),
        fresh == null || fresh.isEmpty() ? null : fresh);
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
    closed = true;
    try {
      transport.close();
    } finally {
      kubernetes.close();
    }
  }
}
