package dev.knm.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sandbox's own record of every change it made to a node, field by field, in resourceVersion
 * order: what a watch test checks a client's output against. A change is a path in the node's JSON
 * with its old and new value (the JSON text of a scalar, or of a structure that is compared whole),
 * null when absent. Lists with a Kubernetes merge key are keyed by it: {@code status.conditions} by
 * type, {@code status.addresses} by type, {@code spec.taints} by {@code key:effect} (a taint's
 * identity); other lists (images among them) are compared whole. What the server itself bumps on
 * every write ({@code metadata.resourceVersion}, {@code metadata.generation}, {@code
 * metadata.managedFields}) is not a change. Nodes only: pods churn too much to keep a record of.
 */
public final class ChangeRecord {

  /** One changed field of one node write; {@code path} is a list of segments. */
  public record Change(
      long resourceVersion,
      String node,
      String event,
      List<String> path,
      String oldValue,
      String newValue) {
    /** e.g. {@code metadata.labels[team]}, {@code status.conditions[Ready].status}. */
    public String pathText() {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < path.size(); i++) {
        if (i > 0 && BRACKETED.contains(path.get(i - 1))) {
          sb.append('[').append(path.get(i)).append(']');
        } else {
          sb.append(sb.length() == 0 ? "" : ".").append(path.get(i));
        }
      }
      return sb.toString();
    }
  }

  private static final Set<String> BRACKETED =
      Set.of("labels", "annotations", "conditions", "addresses", "taints");

  private static final Set<String> KEYED = Set.of("conditions", "addresses", "taints");
  private static final Set<String> SERVER_FIELDS =
      Set.of("resourceVersion", "generation", "managedFields");

  private final List<Change> changes = new ArrayList<>();

  /**
   * Records a node write: {@code before} null for a creation, {@code after} null for a deletion.
   */
  synchronized void record(long rv, String node, JsonNode before, JsonNode after) {
    if (before == null) {
      changes.add(new Change(rv, node, "ADDED", List.of(), null, null));
      return;
    }
    if (after == null) {
      changes.add(new Change(rv, node, "DELETED", List.of(), null, null));
      return;
    }
    List<Change> out = new ArrayList<>();
    diff(rv, node, new ArrayList<>(), before, after, out);
    changes.addAll(out);
  }

  /** Every change so far, in resourceVersion order. */
  public synchronized List<Change> changes() {
    return List.copyOf(changes);
  }

  public synchronized void clear() {
    changes.clear();
  }

  private static void diff(
      long rv, String node, List<String> path, JsonNode a, JsonNode b, List<Change> out) {
    if (a != null && b != null && a.isObject() && b.isObject()) {
      Map<String, JsonNode[]> both = new LinkedHashMap<>();
      for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        both.put(f, new JsonNode[] {a.get(f), null});
      }
      for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        both.computeIfAbsent(f, k -> new JsonNode[2])[1] = b.get(f);
      }
      for (Map.Entry<String, JsonNode[]> e : both.entrySet()) {
        if (path.size() == 1
            && path.get(0).equals("metadata")
            && SERVER_FIELDS.contains(e.getKey())) {
          continue;
        }
        path.add(e.getKey());
        diff(rv, node, path, e.getValue()[0], e.getValue()[1], out);
        path.remove(path.size() - 1);
      }
      return;
    }
    String last = path.isEmpty() ? "" : path.get(path.size() - 1);
    if (KEYED.contains(last) && isArrayOrMissing(a) && isArrayOrMissing(b)) {
      Map<String, JsonNode> ka = keyed(last, a);
      Map<String, JsonNode> kb = keyed(last, b);
      if (ka != null && kb != null) {
        Map<String, JsonNode[]> both = new LinkedHashMap<>();
        ka.forEach((k, v) -> both.put(k, new JsonNode[] {v, null}));
        kb.forEach((k, v) -> both.computeIfAbsent(k, x -> new JsonNode[2])[1] = v);
        for (Map.Entry<String, JsonNode[]> e : both.entrySet()) {
          path.add(e.getKey());
          if (last.equals("conditions")) {
            diff(rv, node, path, e.getValue()[0], e.getValue()[1], out);
          } else { // a taint or an address is one thing: changed whole
            leaf(rv, node, path, e.getValue()[0], e.getValue()[1], out);
          }
          path.remove(path.size() - 1);
        }
        return;
      }
    }
    if (a != null && a.isObject() && (b == null || b.isNull())) {
      // a whole structure removed: one change per leaf, so that each reads like an edit of it
      diff(rv, node, path, a, Json.obj(), out);
      return;
    }
    if (b != null && b.isObject() && (a == null || a.isNull())) {
      diff(rv, node, path, Json.obj(), b, out);
      return;
    }
    leaf(rv, node, path, a, b, out);
  }

  private static void leaf(
      long rv, String node, List<String> path, JsonNode a, JsonNode b, List<Change> out) {
    String oldText = text(a);
    String newText = text(b);
    if (oldText == null ? newText != null : !oldText.equals(newText)) {
      out.add(new Change(rv, node, "MODIFIED", List.copyOf(path), oldText, newText));
    }
  }

  private static boolean isArrayOrMissing(JsonNode n) {
    return n == null || n.isNull() || n.isArray();
  }

  /** A keyed list as key → element; null when an element has no key (then compared whole). */
  private static Map<String, JsonNode> keyed(String list, JsonNode arr) {
    Map<String, JsonNode> m = new LinkedHashMap<>();
    if (arr == null || arr.isNull()) {
      return m;
    }
    for (JsonNode e : arr) {
      String k =
          list.equals("taints")
              ? e.path("key").asText("") + ":" + e.path("effect").asText("")
              : e.path("type").asText(null);
      if (k == null || m.containsKey(k)) {
        return null;
      }
      m.put(k, e);
    }
    return m;
  }

  private static String text(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return null;
    }
    return n.isValueNode() ? n.asText() : n.toString();
  }
}
