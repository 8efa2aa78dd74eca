package dev.knm.kube.transport;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Counts timed-out calls per cluster (every attempt that timed out, retried or not). The cli wires
 * {@code onTimeout} to the store; long-running modes read {@link #snapshot()} for metrics.
 */
public final class TimeoutCounter {

  /** A counter that only counts. */
  public static TimeoutCounter counting() {
    return new TimeoutCounter(cluster -> {});
  }

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final Consumer<String> onTimeout;

  /**
   * @param onTimeout called with the cluster name after each timeout is counted; must not block
   */
  public TimeoutCounter(Consumer<String> onTimeout) {
    this.onTimeout = onTimeout;
  }

  public void record(String cluster) {
    counts.computeIfAbsent(cluster, c -> new LongAdder()).increment();
    onTimeout.accept(cluster);
  }

  public long count(String cluster) {
    LongAdder a = counts.get(cluster);
    return a == null ? 0 : a.sum();
  }

  /** Cluster name → timeouts so far, sorted by name. */
  public Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }
}
