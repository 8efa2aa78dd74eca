package dev.knm.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** Label and field selectors, parsed like the API server does. */
public final class Selectors {
  /** Field selectors the sandbox supports (per kind, like the real server's field label maps). */
  public static final Set<String> FIELDS =
      Set.of("metadata.name", "metadata.namespace", "spec.nodeName", "status.phase");

  private Selectors() {}

  /** Matches a labels map. */
  public interface LabelSelector extends Predicate<Map<String, String>> {}

  /** Matches the indexed fields of an object. */
  public interface FieldSelector extends Predicate<Map<String, String>> {}

  public static LabelSelector labels(String selector) {
    if (selector == null || selector.isBlank()) {
      return m -> true;
    }
    List<Predicate<Map<String, String>>> terms = new ArrayList<>();
    for (String raw : splitTopLevel(selector)) {
      String t = raw.trim();
      if (t.isEmpty()) {
        throw new IllegalArgumentException(
            "unable to parse requirement: empty term in " + selector);
      }
      terms.add(term(t));
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

  private static Predicate<Map<String, String>> term(String t) {
    int notin = indexOfWord(t, "notin");
    int in = indexOfWord(t, "in");
    if (notin > 0 || in > 0) {
      boolean neg = notin > 0;
      int at = neg ? notin : in;
      String key = t.substring(0, at).trim();
      String rest = t.substring(at + (neg ? 5 : 2)).trim();
      if (!rest.startsWith("(") || !rest.endsWith(")")) {
        throw new IllegalArgumentException("unable to parse requirement: " + t);
      }
      Set<String> values = Set.of(splitValues(rest.substring(1, rest.length() - 1)));
      checkKey(key);
      return neg
          ? m -> !m.containsKey(key) || !values.contains(m.get(key))
          : m -> m.containsKey(key) && values.contains(m.get(key));
    }
    int ne = t.indexOf("!=");
    if (ne > 0) {
      String key = t.substring(0, ne).trim();
      String v = t.substring(ne + 2).trim();
      checkKey(key);
      return m -> !v.equals(m.get(key));
    }
    int eq = t.indexOf('=');
    if (eq > 0) {
      String key = t.substring(0, eq).trim();
      String v = t.substring(t.startsWith("==", eq) ? eq + 2 : eq + 1).trim();
      checkKey(key);
      return m -> v.equals(m.get(key));
    }
    if (t.startsWith("!")) {
      String key = t.substring(1).trim();
      checkKey(key);
      return m -> !m.containsKey(key);
    }
    checkKey(t);
    return m -> m.containsKey(t);
  }

  private static void checkKey(String key) {
    if (key.isEmpty() || key.contains(" ") || key.contains("(") || key.contains(")")) {
      throw new IllegalArgumentException(
          "unable to parse requirement: invalid label key \"" + key + "\"");
    }
  }

  private static String[] splitValues(String s) {
    String[] parts = s.split(",");
    for (int i = 0; i < parts.length; i++) {
      parts[i] = parts[i].trim();
    }
    return parts;
  }

  private static int indexOfWord(String t, String w) {
    int i = t.indexOf(" " + w + " ");
    if (i < 0) {
      i = t.indexOf(" " + w + "(");
    }
    return i < 0 ? -1 : i + 1;
  }

  private static List<String> splitTopLevel(String s) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    out.add(s.substring(start));
    return out;
  }

  public static FieldSelector fields(String selector) {
    if (selector == null || selector.isBlank()) {
      return m -> true;
    }
    List<Predicate<Map<String, String>>> terms = new ArrayList<>();
    for (String raw : selector.split(",")) {
      String t = raw.trim();
      boolean neg;
      String key;
      String v;
      int ne = t.indexOf("!=");
      int eq = t.indexOf('=');
      if (ne > 0) {
        neg = true;
        key = t.substring(0, ne);
        v = t.substring(ne + 2);
      } else if (eq > 0) {
        neg = false;
        key = t.substring(0, eq);
        v = t.substring(t.startsWith("==", eq) ? eq + 2 : eq + 1);
      } else {
        throw new IllegalArgumentException(
            "invalid selector: '" + selector + "'; can't understand '" + t + "'");
      }
      String k = key.trim();
      String val = v.trim();
      if (!FIELDS.contains(k)) {
        throw new IllegalArgumentException("field label not supported: " + k);
      }
      terms.add(
          neg ? m -> !val.equals(m.getOrDefault(k, "")) : m -> val.equals(m.getOrDefault(k, "")));
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
