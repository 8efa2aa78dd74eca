package dev.knm.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** PodDisruptionBudget arithmetic as the disruption controller does it. */
public final class PdbMath {
  private PdbMath() {}

  /** A PDB's computed status. */
  public record Result(
      int expectedPods, int currentHealthy, int desiredHealthy, int disruptionsAllowed) {}

  /**
   * minAvailable: desired = value (a percentage of expected, rounded up). maxUnavailable: desired =
   * expected - value (percentage rounded up). disruptionsAllowed = max(0, healthy - desired).
   */
  public static Result compute(JsonNode spec, int expected, int healthy) {
    int desired;
    if (spec.has("minAvailable") && !spec.get("minAvailable").isNull()) {
      desired = scaled(spec.get("minAvailable"), expected);
    } else if (spec.has("maxUnavailable") && !spec.get("maxUnavailable").isNull()) {
      desired = Math.max(0, expected - scaled(spec.get("maxUnavailable"), expected));
    } else {
      desired = expected; // neither field set: no voluntary disruption allowed
    }
    return new Result(expected, healthy, desired, Math.max(0, healthy - desired));
  }

  /** An int-or-string: an integer, or a percentage of total rounded up. */
  public static int scaled(JsonNode v, int total) {
    if (v.isNumber()) {
      return v.asInt();
    }
    String s = v.asText().trim();
    if (s.endsWith("%")) {
      int pct = Integer.parseInt(s.substring(0, s.length() - 1));
      return (int) Math.ceil(pct * (double) total / 100.0);
    }
    return Integer.parseInt(s);
  }

  /** A metav1.LabelSelector (matchLabels and matchExpressions); empty matches everything. */
  public static Predicate<Map<String, String>> selector(JsonNode sel) {
    List<Predicate<Map<String, String>>> terms = new ArrayList<>();
    sel.path("matchLabels")
        .fields()
        .forEachRemaining(
            e -> {
              String k = e.getKey();
              String v = e.getValue().asText();
              terms.add(m -> v.equals(m.get(k)));
            });
    for (JsonNode ex : sel.path("matchExpressions")) {
      String k = ex.path("key").asText();
      String op = ex.path("operator").asText();
      Set<String> vals = new HashSet<>();
      ex.path("values").forEach(x -> vals.add(x.asText()));
      switch (op) {
        case "In" -> terms.add(m -> vals.contains(m.get(k)));
        case "NotIn" -> terms.add(m -> !vals.contains(m.get(k)));
        case "Exists" -> terms.add(m -> m.containsKey(k));
        case "DoesNotExist" -> terms.add(m -> !m.containsKey(k));
        default -> throw new IllegalArgumentException("bad operator " + op);
      }
    }
    return m -> {
      for (Predicate<Map<String, String>> p : terms) {
        if (!p.test(m)) {
          return false;
        }
      }
      return true;
    };
  }
}
