package dev.knm.drain;

import dev.knm.kube.model.Pod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One node's pods judged by {@link DrainFilters}: which to evict, which are left alone, and the
 * errors that stop the drain before anything is evicted, all of them at once. Messages are
 * kubectl's, grouped by message in the order the pods were listed.
 */
public record DrainPlan(String node, List<PodVerdict> verdicts) {
  public DrainPlan {
    verdicts = List.copyOf(verdicts);
  }

  /** The pods to evict (or delete), in listing order. */
  public List<Pod> toEvict() {
    return verdicts.stream().filter(PodVerdict::delete).map(PodVerdict::pod).toList();
  }

  /** Pods with an error verdict: they block the node's drain. */
  public List<PodVerdict> offending() {
    return verdicts.stream().filter(v -> v.kind() == PodVerdict.Kind.ERROR).toList();
  }

  /**
   * Pods left alone without complaint (DaemonSet pods with --ignore-daemonsets, mirror pods...).
   */
  public List<PodVerdict> leftAlone() {
    return verdicts.stream().filter(v -> !v.delete() && v.kind() != PodVerdict.Kind.ERROR).toList();
  }

  public boolean blocked() {
    return !offending().isEmpty();
  }

  /** kubectl's error list: "cannot delete MESSAGE: ns/a, ns/b", one per message. */
  public List<String> errors() {
    List<String> out = new ArrayList<>();
    group(PodVerdict.Kind.ERROR)
        .forEach(
            (msg, pods) ->
                out.add(
                    "cannot delete "
                        + (msg == null || msg.isEmpty() ? "unexpected error" : msg)
                        + ": "
                        + String.join(", ", pods)));
    return out;
  }

  /** kubectl's warning line: "MESSAGE: ns/a, ns/b; MESSAGE2: ns/c", or "" when none. */
  public String warnings() {
    List<String> parts = new ArrayList<>();
    group(PodVerdict.Kind.WARNING)
        .forEach((msg, pods) -> parts.add(msg + ": " + String.join(", ", pods)));
    return String.join("; ", parts);
  }

  private Map<String, List<String>> group(PodVerdict.Kind kind) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    for (PodVerdict v : verdicts) {
      if (v.kind() == kind) {
        m.computeIfAbsent(v.message(), k -> new ArrayList<>()).add(v.pod().key());
      }
    }
    return m;
  }
}
