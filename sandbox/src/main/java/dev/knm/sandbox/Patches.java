package dev.knm.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonPatch;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * JSON patch, JSON merge patch (RFC 7386) and the subset of strategic merge patch kubectl sends.
 */
public final class Patches {
  public static final String JSON_PATCH = "application/json-patch+json";
  public static final String MERGE_PATCH = "application/merge-patch+json";
  public static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";

  /**
   * Merge keys of the lists that strategic merge patch merges instead of replacing, as in the
   * Kubernetes API types. {@code spec.taints} and {@code tolerations} have no patch strategy there,
   * so a patch replaces them whole (which is what {@code kubectl taint} relies on).
   */
  static final Map<String, String> MERGE_KEYS =
      Map.ofEntries(
          Map.entry("conditions", "type"),
          Map.entry("containers", "name"),
          Map.entry("initContainers", "name"),
          Map.entry("ephemeralContainers", "name"),
          Map.entry("volumes", "name"),
          Map.entry("volumeMounts", "mountPath"),
          Map.entry("env", "name"),
          Map.entry("ports", "containerPort"),
          Map.entry("addresses", "type"),
          Map.entry("ownerReferences", "uid"),
          Map.entry("imagePullSecrets", "name"),
          Map.entry("containerStatuses", "name"),
          Map.entry("initContainerStatuses", "name"));

  /** Primitive lists merged as sets under strategic merge patch. */
  static final List<String> MERGE_PRIMITIVES = List.of("finalizers");

  private Patches() {}

  public static ObjectNode apply(String contentType, ObjectNode target, byte[] patch) {
    String ct = contentType == null ? "" : contentType.split(";")[0].trim();
    JsonNode p = Json.parseAny(patch);
    switch (ct) {
      case JSON_PATCH:
        return (ObjectNode) JsonPatch.apply(p, target);
      case MERGE_PATCH:
        return (ObjectNode) mergePatch(target, p);
      case STRATEGIC_MERGE_PATCH:
        return (ObjectNode) strategic(target, p, null);
      default:
        throw new UnsupportedOperationException(ct);
    }
  }

  /** RFC 7386. */
  public static JsonNode mergePatch(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode out =
        target != null && target.isObject() ? (ObjectNode) target.deepCopy() : Json.obj();
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isNull()) {
        out.remove(e.getKey());
      } else {
        out.set(e.getKey(), mergePatch(out.get(e.getKey()), e.getValue()));
      }
    }
    return out;
  }

  /** Strategic merge patch: maps merge, lists with a known merge key merge by key. */
  public static JsonNode strategic(JsonNode target, JsonNode patch, String fieldName) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode p = (ObjectNode) patch;
    if ("replace".equals(Json.text(p, "$patch"))) {
      ObjectNode r = p.deepCopy();
      r.remove("$patch");
      return r;
    }
    ObjectNode out =
        target != null && target.isObject() ? (ObjectNode) target.deepCopy() : Json.obj();
    List<String> retainKeys = null;
    if (p.has("$retainKeys")) {
      retainKeys = new ArrayList<>();
      for (JsonNode k : p.get("$retainKeys")) {
        retainKeys.add(k.asText());
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String k = e.getKey();
      JsonNode v = e.getValue();
      if (k.equals("$patch") || k.equals("$retainKeys")) {
        continue;
      }
      if (k.startsWith("$setElementOrder/")) {
        continue; // ordering hint only
      }
      if (k.startsWith("$deleteFromPrimitiveList/")) {
        String field = k.substring("$deleteFromPrimitiveList/".length());
        JsonNode cur = out.get(field);
        if (cur instanceof ArrayNode arr) {
          ArrayNode kept = arr.arrayNode();
          for (JsonNode x : arr) {
            boolean del = false;
            for (JsonNode d : v) {
              del |= d.equals(x);
            }
            if (!del) {
              kept.add(x);
            }
          }
          out.set(field, kept);
        }
        continue;
      }
      if (v.isNull()) {
        out.remove(k);
      } else if (v.isArray()) {
        out.set(k, mergeList(out.get(k), (ArrayNode) v, k));
      } else if (v.isObject()) {
        out.set(k, strategic(out.get(k), v, k));
      } else {
        out.set(k, v.deepCopy());
      }
    }
    if (retainKeys != null) {
      out.retain(retainKeys);
    }
    return out;
  }

  private static JsonNode mergeList(JsonNode current, ArrayNode patch, String field) {
    String key = MERGE_KEYS.get(field);
    if (MERGE_PRIMITIVES.contains(field)) {
      ArrayNode out = current instanceof ArrayNode a ? a.deepCopy() : patch.arrayNode();
      for (JsonNode x : patch) {
        boolean has = false;
        for (JsonNode y : out) {
          has |= y.equals(x);
        }
        if (!has) {
          out.add(x);
        }
      }
      return out;
    }
    if (key == null || key.isEmpty() || !(current instanceof ArrayNode cur)) {
      ArrayNode out = patch.arrayNode();
      for (JsonNode x : patch) {
        if (!(x.isObject() && x.has("$patch"))) {
          out.add(x.deepCopy());
        }
      }
      return out;
    }
    // A "$patch: replace" element replaces the whole list.
    for (JsonNode x : patch) {
      if (x.isObject() && "replace".equals(Json.text(x, "$patch"))) {
        ArrayNode out = patch.arrayNode();
        for (JsonNode y : patch) {
          if (!y.has("$patch")) {
            out.add(y.deepCopy());
          }
        }
        return out;
      }
    }
    ArrayNode out = cur.deepCopy();
    for (JsonNode x : patch) {
      String kv = Json.text(x, key);
      int idx = -1;
      for (int i = 0; i < out.size(); i++) {
        if (kv != null && kv.equals(Json.text(out.get(i), key))) {
          idx = i;
          break;
        }
      }
      if (x.isObject() && "delete".equals(Json.text(x, "$patch"))) {
        if (idx >= 0) {
          out.remove(idx);
        }
      } else if (idx >= 0) {
        out.set(idx, strategic(out.get(idx), x, null));
      } else {
        out.add(x.deepCopy());
      }
    }
    return out;
  }
}
