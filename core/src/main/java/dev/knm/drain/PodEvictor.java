package dev.knm.drain;

import dev.knm.kube.transport.ApiResponse;
import dev.knm.kube.transport.ApiStatus;
import dev.knm.kube.transport.ClusterClient;
import dev.knm.kube.transport.KubeIoException;
import dev.knm.kube.transport.KubeTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One eviction through policy/v1 (or, with --disable-eviction, one DELETE) with its answer laid
 * open: fabric8's {@code evict()} turns a 429 into {@code false}, this keeps the status code, the
 * server's cause and Retry-After. A write: never retried here.
 */
final class PodEvictor {
  /** The API server's answer to one eviction. */
  sealed interface Result {}

  /** Accepted: the pod is being deleted. */
  record Accepted() implements Result {}

  /** 404: the pod is already gone. */
  record Gone() implements Result {}

  /** 429: a disruption budget does not allow it now. */
  record Blocked(Duration retryAfter, String message, List<String> causes) implements Result {}

  /** 500 for a pod covered by more than one budget: eviction cannot work, do not retry. */
  record MultiplePdbs(String message) implements Result {}

  /** The pod's namespace is being deleted (kubectl retries, or is done if the pod is). */
  record NamespaceTerminating(String message) implements Result {}

  /** Any other refusal: not retried. */
  record Failed(int code, String message) implements Result {}

  /** No answer (connection failure, timeout): the loop may try again. */
  record NoAnswer(String message) implements Result {}

  static final String MULTIPLE_PDBS = "more than one PodDisruptionBudget";

  private final ClusterClient client;
  private final DrainOptions options;

  PodEvictor(ClusterClient client, DrainOptions options) {
    this.client = client;
    this.options = options;
  }

  Result evict(PodRef pod) {
    String base = "/api/v1/namespaces/" + pod.namespace() + "/pods/" + pod.name();
    ApiResponse r;
    try {
      if (options.disableEviction()) {
        r = client.send("DELETE", base, Map.of(), null, deleteOptions(), timeout());
      } else {
        r = client.send("POST", base + "/eviction", Map.of(), null, eviction(pod), timeout());
      }
    } catch (KubeIoException | KubeTimeoutException e) {
      return new NoAnswer(e.getMessage());
    }
    if (r.ok()) {
      return new Accepted();
    }
    ApiStatus s = r.status();
    String message = r.message();
    if (r.code() == 404) {
      return new Gone();
    }
    if (r.code() == 429) {
      return new Blocked(r.retryAfter(), message, s.causes());
    }
    if (r.code() == 500 && message.contains(MULTIPLE_PDBS)) {
      return new MultiplePdbs(message);
    }
    if (r.code() == 403 && message.contains("because it is being terminated")) {
      return new NamespaceTerminating(message);
    }
    return new Failed(r.code(), message);
  }

  private Duration timeout() {
    return client.tier().request();
  }

  /** The policy/v1 Eviction, with kubectl's DeleteOptions (a grace period when one is given). */
  byte[] eviction(PodRef pod) {
    String json =
        "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":"
            + quote(pod.name())
            + ",\"namespace\":"
            + quote(pod.namespace())
            + "},\"deleteOptions\":"
            + new String(deleteOptions(), StandardCharsets.UTF_8)
            + "}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private byte[] deleteOptions() {
    String grace =
        options.gracePeriodSeconds() >= 0
            ? ",\"gracePeriodSeconds\":" + options.gracePeriodSeconds()
            : "";
    return ("{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\"" + grace + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** A JSON string (names are DNS labels, but quote properly anyway). */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
