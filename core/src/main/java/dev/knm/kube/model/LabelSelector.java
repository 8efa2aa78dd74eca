package dev.knm.kube.model;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A metav1.LabelSelector (matchLabels and matchExpressions) as the API server matches it: every
 * term must hold; an empty selector matches everything. An unknown operator matches nothing, as the
 * server would have refused to store it.
 */
public record LabelSelector(Map<String, String> matchLabels, List<Requirement> matchExpressions) {

  /** One matchExpressions term: In, NotIn, Exists, DoesNotExist. */
  public record Requirement(String key, String operator, List<String> values) {}

  public boolean matches(Map<String, String> labels) {
    Map<String, String> l = labels == null ? Map.of() : labels;
    if (matchLabels != null) {
      for (Map.Entry<String, String> e : matchLabels.entrySet()) {
        if (!l.containsKey(e.getKey())
            || !java.util.Objects.equals(l.get(e.getKey()), e.getValue())) {
          return false;
        }
      }
    }
    if (matchExpressions != null) {
      for (Requirement r : matchExpressions) {
        if (r == null || !holds(r, l)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean holds(Requirement r, Map<String, String> l) {
    List<String> values = r.values() == null ? List.of() : r.values();
    String op = r.operator() == null ? "" : r.operator();
    return switch (op) {
      case "In" -> l.containsKey(r.key()) && values.contains(l.get(r.key()));
      case "NotIn" -> !l.containsKey(r.key()) || !values.contains(l.get(r.key()));
      case "Exists" -> l.containsKey(r.key());
      case "DoesNotExist" -> !l.containsKey(r.key());
      default -> false;
    };
  }

  /** Streams a selector object (the parser on its START_OBJECT or null; null for null). */
  public static LabelSelector decode(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    Map<String, String> labels = null;
    List<Requirement> exprs = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      switch (f) {
        case "matchLabels" -> labels = JsonValues.stringMap(p);
        case "matchExpressions" -> exprs = JsonValues.list(p, LabelSelector::requirement);
        default -> p.skipChildren();
      }
    }
    return new LabelSelector(labels, exprs);
  }

  private static Requirement requirement(JsonParser p) throws IOException {
    if (!JsonValues.object(p)) {
      return null;
    }
    String key = null;
    String op = null;
    List<String> values = null;
    for (String f = JsonValues.nextField(p); f != null; f = JsonValues.nextField(p)) {
      switch (f) {
        case "key" -> key = JsonValues.string(p);
        case "operator" -> op = JsonValues.string(p);
        case "values" -> values = JsonValues.list(p, JsonValues::string);
        default -> p.skipChildren();
      }
    }
    return new Requirement(key, op, values);
  }
}
