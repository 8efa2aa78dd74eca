package dev.knm.cluster;

import dev.knm.error.ClusterUnreachableException;
import dev.knm.error.PartialFailureException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a {@link ClusterFanOut} went: how many clusters there were and which failed, with what (in
 * answer order). {@link #raise} turns it into the documented outcome of a command over clusters.
 */
public record FanOutResult(int total, Map<String, RuntimeException> failures) {

  /** All answered (exit 0), some failed (exit 3), none answered (exit 4). */
  public enum Outcome {
    ALL_OK,
    SOME_FAILED,
    NONE_ANSWERED
  }

  public FanOutResult {
    failures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(failures));
  }

  public Outcome outcome() {
    if (failures.isEmpty()) {
      return Outcome.ALL_OK;
    }
    return failures.size() < total ? Outcome.SOME_FAILED : Outcome.NONE_ANSWERED;
  }

  /** Clusters that answered. */
  public int answered() {
    return total - failures.size();
  }

  /** Cluster name → the one-line message of its failure, sorted by name. */
  public Map<String, String> messages() {
    Map<String, String> out = new TreeMap<>();
    failures.forEach((k, v) -> out.put(k, oneLine(v)));
    return out;
  }

  /**
   * Returns when every cluster answered; otherwise throws what the command's outcome is. With one
   * cluster, its own failure (so its exit code is its cause's: 4 unreachable, 7 credentials...);
   * with several, {@link PartialFailureException} when some answered (exit 3) or {@link
   * ClusterUnreachableException} when none did (exit 4). The per-cluster causes are the caller's to
   * show as they arrive.
   *
   * @param doing appended to "K of N clusters failed", e.g. " to refresh"; may be empty
   */
  public void raise(String doing) {
    switch (outcome()) {
      case ALL_OK -> {
        return;
      }
      case NONE_ANSWERED -> {
        if (total == 1) {
          throw failures.values().iterator().next();
        }
        throw new ClusterUnreachableException(
            null, "no selected cluster answered (" + failures.size() + " failed)");
      }
      case SOME_FAILED ->
          throw new PartialFailureException(
              failures.size() + " of " + total + " clusters failed" + doing,
              new ArrayList<>(failures.keySet()));
    }
  }

  /** The first line of a failure's message (its class name when it has none). */
  public static String oneLine(Throwable t) {
    String m = t.getMessage();
    if (m == null || m.isBlank()) {
      m = t.getClass().getSimpleName();
    }
    return m.lines().findFirst().orElse("").strip();
  }
}
