package dev.knm.fleet;

import java.time.Duration;
import java.util.List;

/**
 * Every instance's result, in the order the instances were given, and the wall time of the whole
 * broadcast.
 */
public record BroadcastReport(String cluster, List<InstanceResult> results, Duration total) {
  public BroadcastReport {
    results = List.copyOf(results);
  }

  public long acknowledged() {
    return results.stream().filter(InstanceResult::ok).count();
  }

  public boolean allOk() {
    return acknowledged() == results.size();
  }

  /** True when no instance answered with a reply at all (all refused, timed out, unreachable). */
  public boolean noneAnswered() {
    return results.stream().allMatch(r -> r.instance() == null && r.failure() != null);
  }
}
