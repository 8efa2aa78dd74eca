package dev.knm.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Fault knobs, changeable while the sandbox serves. They apply to API paths only, never to {@code
 * /_sandbox/...}.
 */
public final class Faults {
  private volatile long latencyMillis;
  private volatile long jitterMillis;
  private volatile double errorRate;
  private volatile double throttleRate;
  private volatile int retryAfterSeconds = 1;
  private volatile long dropWatchesEveryMillis;
  private volatile long compactEveryMillis;
  private volatile long continueTtlMillis = Duration.ofMinutes(5).toMillis();
  private volatile double slowBodyRate;
  private volatile long slowBodyMillis = 2000;
  private volatile double resetRate;
  private volatile java.util.Set<String> forbidden = java.util.Set.of();
  private volatile String refusedWritePrefix;
  private volatile int refusedWriteStatus;

  /** Added latency before every API response, plus up to {@code jitter} more (uniform). */
  public Faults latency(Duration latency, Duration jitter) {
    this.latencyMillis = latency.toMillis();
    this.jitterMillis = jitter.toMillis();
    return this;
  }

  /** Fraction (0..1) of API requests answered with 500 InternalError. */
  public Faults errorRate(double rate) {
    this.errorRate = rate;
    return this;
  }

  /** Fraction (0..1) of API requests answered with 429 and Retry-After. */
  public Faults throttleRate(double rate, int retryAfterSeconds) {
    this.throttleRate = rate;
    this.retryAfterSeconds = retryAfterSeconds;
    return this;
  }

  /** Closes every open watch this often (zero: never). */
  public Faults dropWatchesEvery(Duration every) {
    this.dropWatchesEveryMillis = every.toMillis();
    return this;
  }

  /**
   * Compacts the event history this often (zero: never), as etcd compaction does: a watch that
   * resumes from a resourceVersion before the last compaction gets 410 Gone and must list again.
   */
  public Faults compactEvery(Duration every) {
    this.compactEveryMillis = every.toMillis();
    return this;
  }

  /** How long a list continue token stays valid before it gives 410 Gone. */
  public Faults continueTokenTtl(Duration ttl) {
    this.continueTtlMillis = ttl.toMillis();
    return this;
  }

  /** Fraction of API responses whose body trickles out over {@code duration}. */
  public Faults slowBodies(double rate, Duration duration) {
    this.slowBodyRate = rate;
    this.slowBodyMillis = duration.toMillis();
    return this;
  }

  /** Fraction of API requests whose connection is closed without a response. */
  public Faults resetRate(double rate) {
    this.resetRate = rate;
    return this;
  }

  /**
   * Resources (plurals: "nodes", "pods") the sandbox's user may not touch, as RBAC would refuse
   * them: every request for them gets kube-apiserver's 403 Forbidden Status. Not a fault strictly,
   * but switched the same way.
   */
  public Faults forbid(String... resources) {
    this.forbidden = java.util.Set.of(resources);
    return this;
  }

  boolean forbidden(String resource) {
    return forbidden.contains(resource);
  }

  /**
   * Answers every write (POST, PUT, PATCH, DELETE) to a path starting with {@code pathPrefix} with
   * {@code status} (e.g. 403 or 500); null stops it. Reads are served as usual.
   */
  public Faults refuseWrites(String pathPrefix, int status) {
    this.refusedWriteStatus = status;
    this.refusedWritePrefix = pathPrefix;
    return this;
  }

  /** The status a write to {@code path} is refused with, or 0. */
  int refusedWrite(String method, String path) {
    String prefix = refusedWritePrefix;
    return prefix != null && !method.equals("GET") && path.startsWith(prefix)
        ? refusedWriteStatus
        : 0;
  }

  /** Clears every fault (the continue-token TTL goes back to 5 minutes). */
  public Faults reset() {
    latencyMillis = 0;
    jitterMillis = 0;
    errorRate = 0;
    throttleRate = 0;
    dropWatchesEveryMillis = 0;
    compactEveryMillis = 0;
    continueTtlMillis = Duration.ofMinutes(5).toMillis();
    slowBodyRate = 0;
    resetRate = 0;
    forbidden = java.util.Set.of();
    refusedWritePrefix = null;
    return this;
  }

  long delayMillis() {
    long j = jitterMillis > 0 ? ThreadLocalRandom.current().nextLong(jitterMillis + 1) : 0;
    return latencyMillis + j;
  }

  boolean roll(double rate) {
    return rate > 0 && ThreadLocalRandom.current().nextDouble() < rate;
  }

  double errorRate() {
    return errorRate;
  }

  double throttleRate() {
    return throttleRate;
  }

  int retryAfterSeconds() {
    return retryAfterSeconds;
  }

  long dropWatchesEveryMillis() {
    return dropWatchesEveryMillis;
  }

  long compactEveryMillis() {
    return compactEveryMillis;
  }

  public long continueTtlMillis() {
    return continueTtlMillis;
  }

  double slowBodyRate() {
    return slowBodyRate;
  }

  long slowBodyMillis() {
    return slowBodyMillis;
  }

  double resetRate() {
    return resetRate;
  }

  /** Applies the fields present in a JSON object (the admin endpoint's body). */
  public Faults apply(JsonNode j) {
    if (j.has("reset") && j.get("reset").asBoolean()) {
      reset();
    }
    if (j.has("latencyMs")) {
      latencyMillis = j.get("latencyMs").asLong();
    }
    if (j.has("jitterMs")) {
      jitterMillis = j.get("jitterMs").asLong();
    }
    if (j.has("errorRate")) {
      errorRate = j.get("errorRate").asDouble();
    }
    if (j.has("throttleRate")) {
      throttleRate = j.get("throttleRate").asDouble();
    }
    if (j.has("retryAfterSeconds")) {
      retryAfterSeconds = j.get("retryAfterSeconds").asInt();
    }
    if (j.has("dropWatchesEverySeconds")) {
      dropWatchesEveryMillis = (long) (j.get("dropWatchesEverySeconds").asDouble() * 1000);
    }
    if (j.has("compactEverySeconds")) {
      compactEveryMillis = (long) (j.get("compactEverySeconds").asDouble() * 1000);
    }
    if (j.has("continueTtlSeconds")) {
      continueTtlMillis = (long) (j.get("continueTtlSeconds").asDouble() * 1000);
    }
    if (j.has("slowBodyRate")) {
      slowBodyRate = j.get("slowBodyRate").asDouble();
    }
    if (j.has("slowBodyMs")) {
      slowBodyMillis = j.get("slowBodyMs").asLong();
    }
    if (j.has("resetRate")) {
      resetRate = j.get("resetRate").asDouble();
    }
    if (j.has("forbiddenResources")) {
      java.util.Set<String> f = new java.util.TreeSet<>();
      j.get("forbiddenResources").forEach(n -> f.add(n.asText()));
      forbidden = java.util.Set.copyOf(f);
    }
    return this;
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.obj();
    o.put("latencyMs", latencyMillis);
    o.put("jitterMs", jitterMillis);
    o.put("errorRate", errorRate);
    o.put("throttleRate", throttleRate);
    o.put("retryAfterSeconds", retryAfterSeconds);
    o.put("dropWatchesEverySeconds", dropWatchesEveryMillis / 1000.0);
    o.put("compactEverySeconds", compactEveryMillis / 1000.0);
    o.put("continueTtlSeconds", continueTtlMillis / 1000.0);
    o.put("slowBodyRate", slowBodyRate);
    o.put("slowBodyMs", slowBodyMillis);
    o.put("resetRate", resetRate);
    forbidden.stream().sorted().forEach(o.putArray("forbiddenResources")::add);
    return o;
  }
}
