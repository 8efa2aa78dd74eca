package dev.knm.drain;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.knm.audit.Operator;
import dev.knm.kube.model.JsonValues;
import dev.knm.kube.transport.ApiResponse;
import dev.knm.kube.transport.ClusterClient;
import dev.knm.kube.transport.KubeIoException;
import dev.knm.kube.transport.KubeTimeoutException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A drain's lock on one node, kept in the cluster as kured keeps its reboot lock: a
 * coordination.k8s.io/v1 Lease {@code kube-system/knm-drain-<node>} (never in kube-node-lease,
 * where each kubelet renews a Lease named after its node). The holder renews it while the drain
 * runs; if the holder dies it expires after {@link #DURATION}. Two SREs with different stores, or
 * on different machines, are kept apart. Every change is a compare-and-swap on the Lease's
 * resourceVersion.
 *
 * <p>It is taken when absent or expired; {@code --resume} also takes over the lease of the drain it
 * resumes when that drain's process is gone (same host, its pid not running). Otherwise the holder
 * is named: user, host, pid, drain id and since when.
 */
final class NodeLock {
  static final String NAMESPACE = "kube-system";
  static final String PREFIX = "knm-drain-";
  static final Duration DURATION = Duration.ofSeconds(30);
  static final Duration RENEW_EVERY = Duration.ofSeconds(10);
  private static final String PATH =
      "/apis/coordination.k8s.io/v1/namespaces/" + NAMESPACE + "/leases";

  /** What a lease says. */
  record Holder(
      String drainId,
      String user,
      String host,
      long pid,
      Instant acquired,
      Instant renewed,
      int durationSeconds,
      String resourceVersion,
      int transitions) {
    boolean expired(Instant now) {
      return renewed == null || renewed.plusSeconds(durationSeconds).isBefore(now);
    }

    String describe() {
      return user
          + "@"
          + host
          + " (pid "
          + pid
          + ", drain "
          + drainId
          + ") since "
          + (acquired == null ? "an unknown time" : acquired.truncatedTo(ChronoUnit.SECONDS));
    }
  }

  private final ClusterClient client;
  private final Operator me;
  private final String drainId;
  private final Clock clock;

  NodeLock(ClusterClient client, Operator me, String drainId, Clock clock) {
    this.client = client;
    this.me = me;
    this.drainId = drainId;
    this.clock = clock;
  }

  /** The lease's name for a node: a DNS subdomain of at most 253 characters. */
  static String leaseName(String node) {
    String name = PREFIX + node;
    if (name.length() <= 253) {
      return name;
    }
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(node.getBytes(StandardCharsets.UTF_8));
      return PREFIX + node.substring(0, 200) + "-" + HexFormat.of().formatHex(h, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Takes the node's lease for this drain.
   *
   * @param resuming whether this drain resumes {@code drainId} (may take over its dead holder's
   *     lease)
   * @throws DrainLockedException naming the holder when another live drain has it
   */
  void acquire(String node, boolean resuming) {
    for (int attempt = 0; attempt < 5; attempt++) {
      Optional<Holder> cur = read(node);
      Instant now = clock.instant();
      if (cur.isEmpty()) {
        ApiResponse r = write("POST", PATH, lease(node, now, now, null, 0));
        if (r.ok()) {
          return;
        }
        if (r.code() != 409) {
          throw failed(node, "create", r);
        }
        continue; // created meanwhile by someone else: look again
      }
      Holder h = cur.get();
      boolean mine =
          drainId.equals(h.drainId()) && me.host().equals(h.host()) && me.pid() == h.pid();
      boolean orphan =
          resuming
              && drainId.equals(h.drainId())
              && me.host().equals(h.host())
              && ProcessHandle.of(h.pid()).map(p -> !p.isAlive()).orElse(true);
      if (!mine && !orphan && !h.expired(now)) {
        throw new DrainLockedException(
            "node "
                + node
                + " is being drained by "
                + h.describe()
                + "; its lock (lease "
                + NAMESPACE
                + "/"
                + leaseName(node)
                + ") is held until "
                + h.renewed().plusSeconds(h.durationSeconds()).truncatedTo(ChronoUnit.SECONDS)
                + (drainId.equals(h.drainId())
                    ? " (resume it there, or after the lock expires)"
                    : ""));
      }
      ApiResponse r =
          write(
              "PUT",
              PATH + "/" + leaseName(node),
              lease(
                  node,
                  mine ? h.acquired() : now,
                  now,
                  h.resourceVersion(),
                  h.transitions() + (mine ? 0 : 1)));
      if (r.ok()) {
        return;
      }
      if (r.code() != 409) {
        throw failed(node, "take over", r);
      }
    }
    throw new DrainLockedException(
        "node "
            + node
            + ": its lock (lease "
            + NAMESPACE
            + "/"
            + leaseName(node)
            + ") keeps changing; try again");
  }

  /**
   * Renews the lease; false when it is no longer this drain's (taken over after it expired).
   * Connection failures count as renewed: the next renewal tries again before the lease expires.
   */
  boolean renew(String node) {
    try {
      for (int attempt = 0; attempt < 3; attempt++) {
        Optional<Holder> cur = read(node);
        if (cur.isEmpty()) {
          return false;
        }
        Holder h = cur.get();
        if (!drainId.equals(h.drainId()) || h.pid() != me.pid() || !me.host().equals(h.host())) {
          return false;
        }
        ApiResponse r =
            write(
                "PUT",
                PATH + "/" + leaseName(node),
                lease(node, h.acquired(), clock.instant(), h.resourceVersion(), h.transitions()));
        if (r.ok()) {
          return true;
        }
        if (r.code() != 409) {
          return true; // a refusal now is retried at the next renewal
        }
      }
      return true;
    } catch (RuntimeException e) {
      return true;
    }
  }

  /** Deletes the lease if it is still this drain's. Best effort: an orphan expires anyway. */
  void release(String node) {
    try {
      Optional<Holder> cur = read(node);
      if (cur.isPresent()
          && drainId.equals(cur.get().drainId())
          && cur.get().pid() == me.pid()
          && me.host().equals(cur.get().host())) {
        String body =
            "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"preconditions\":"
                + "{\"resourceVersion\":"
                + PodEvictor.quote(cur.get().resourceVersion())
                + "}}";
        client.send(
            "DELETE",
            PATH + "/" + leaseName(node),
            Map.of(),
            null,
            body.getBytes(StandardCharsets.UTF_8),
            client.tier().request());
      }
    } catch (RuntimeException ignored) {
      // it expires on its own
    }
  }

  /** The node's lease, or empty when there is none. */
  Optional<Holder> read(String node) {
    ApiResponse r;
    try {
      r =
          client.send(
              "GET", PATH + "/" + leaseName(node), Map.of(), null, null, client.tier().request());
    } catch (KubeIoException | KubeTimeoutException e) {
      throw client.unreachable("GET", PATH + "/" + leaseName(node), e, 0);
    }
    if (r.code() == 404) {
      return Optional.empty();
    }
    if (!r.ok()) {
      throw failed(node, "read", r);
    }
    return Optional.of(parse(r.body()));
  }

  private ApiResponse write(String method, String path, byte[] body) {
    try {
      return client.send(method, path, Map.of(), null, body, client.tier().request());
    } catch (KubeIoException | KubeTimeoutException e) {
      throw client.unreachable(method, path, e, 0);
    }
  }

  private RuntimeException failed(String node, String what, ApiResponse r) {
    String hint =
        r.code() == 403
            ? " (knm needs get, create, update and delete on leases.coordination.k8s.io in "
                + NAMESPACE
                + ": see docs/drain.md)"
            : "";
    return new DrainLockedException(
        "node "
            + node
            + ": cannot "
            + what
            + " its lock (lease "
            + NAMESPACE
            + "/"
            + leaseName(node)
            + "): "
            + r.message()
            + hint);
  }

  private byte[] lease(String node, Instant acquired, Instant renewed, String rv, int transitions) {
    Map<String, String> ann = new LinkedHashMap<>();
    ann.put("knm.dev/node", node);
    ann.put("knm.dev/drain-id", drainId);
    ann.put("knm.dev/user", me.user());
    ann.put("knm.dev/host", me.host());
    ann.put("knm.dev/pid", Long.toString(me.pid()));
    StringBuilder a = new StringBuilder();
    ann.forEach(
        (k, v) ->
            a.append(a.length() == 0 ? "" : ",")
                .append(PodEvictor.quote(k))
                .append(':')
                .append(PodEvictor.quote(v)));
    String json =
        "{\"apiVersion\":\"coordination.k8s.io/v1\",\"kind\":\"Lease\",\"metadata\":{\"name\":"
            + PodEvictor.quote(leaseName(node))
            + ",\"namespace\":\""
            + NAMESPACE
            + "\""
            + (rv == null ? "" : ",\"resourceVersion\":" + PodEvictor.quote(rv))
            + ",\"labels\":{\"app.kubernetes.io/managed-by\":\"knm\","
            + "\"app.kubernetes.io/component\":\"drain-lock\"},\"annotations\":{"
            + a
            + "}},\"spec\":{\"holderIdentity\":"
            + PodEvictor.quote(me.who() + " pid " + me.pid() + " drain " + drainId)
            + ",\"leaseDurationSeconds\":"
            + DURATION.toSeconds()
            + ",\"acquireTime\":\""
            + micro(acquired)
            + "\",\"renewTime\":\""
            + micro(renewed)
            + "\",\"leaseTransitions\":"
            + transitions
            + "}}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /** metav1.MicroTime: RFC 3339 with microseconds. */
  static String micro(Instant t) {
    Instant m = t.truncatedTo(ChronoUnit.MICROS);
    String s = m.toString();
    // Instant.toString drops trailing zero groups; MicroTime always has six digits
    int dot = s.indexOf('.');
    String frac = dot < 0 ? "" : s.substring(dot + 1, s.length() - 1);
    String base = dot < 0 ? s.substring(0, s.length() - 1) : s.substring(0, dot);
    return base + "." + (frac + "000000").substring(0, 6) + "Z";
  }

  static Holder parse(byte[] body) {
    String drain = null;
    String user = "unknown";
    String host = "unknown";
    long pid = -1;
    Instant acquired = null;
    Instant renewed = null;
    int duration = (int) DURATION.toSeconds();
    String rv = null;
    int transitions = 0;
    try (JsonParser p = JsonValues.parser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not an object");
      }
      for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
        if ("metadata".equals(f) && JsonValues.object(p)) {
          for (String m = JsonValues.nextField(p); m != null; m = JsonValues.nextField(p)) {
            if ("resourceVersion".equals(m)) {
              rv = JsonValues.string(p);
            } else if ("annotations".equals(m)) {
              Map<String, String> ann = JsonValues.stringMap(p);
              if (ann != null) {
                drain = ann.get("knm.dev/drain-id");
                user = ann.getOrDefault("knm.dev/user", user);
                host = ann.getOrDefault("knm.dev/host", host);
                try {
                  pid = Long.parseLong(ann.getOrDefault("knm.dev/pid", "-1"));
                } catch (NumberFormatException e) {
                  pid = -1;
                }
              }
            } else {
              p.skipChildren();
            }
          }
        } else if ("spec".equals(f) && JsonValues.object(p)) {
          for (String s = JsonValues.nextField(p); s != null; s = JsonValues.nextField(p)) {
            switch (s) {
              case "acquireTime" -> acquired = time(JsonValues.string(p));
              case "renewTime" -> renewed = time(JsonValues.string(p));
              case "leaseDurationSeconds" -> {
                Integer d = JsonValues.integer(p);
                duration = d == null ? duration : d;
              }
              case "leaseTransitions" -> {
                Integer t = JsonValues.integer(p);
                transitions = t == null ? 0 : t;
              }
              default -> p.skipChildren();
            }
          }
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("a drain lease that is not JSON", e);
    }
    return new Holder(
        drain == null ? "?" : drain, user, host, pid, acquired, renewed, duration, rv, transitions);
  }

  private static Instant time(String s) {
    if (s == null || s.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
