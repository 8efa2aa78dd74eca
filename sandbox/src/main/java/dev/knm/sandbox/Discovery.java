package dev.knm.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.Set;

/** Legacy (non-aggregated) discovery documents; kubectl 1.32 falls back to them. */
final class Discovery {
  private Discovery() {}

  static ObjectNode version() {
    ObjectNode v = Json.obj();
    v.put("major", "1");
    v.put("minor", "32");
    v.put("gitVersion", "v1.32.0-knm-sandbox");
    v.put("gitCommit", "0000000000000000000000000000000000000000");
    v.put("gitTreeState", "clean");
    v.put("buildDate", "2026-01-01T00:00:00Z");
    v.put("goVersion", "go1.23.0");
    v.put("compiler", "gc");
    v.put("platform", "linux/amd64");
    return v;
  }

  static ObjectNode apiVersions(String host) {
    ObjectNode v = Json.obj();
    v.put("kind", "APIVersions");
    v.putArray("versions").add("v1");
    ObjectNode a = v.putArray("serverAddressByClientCIDRs").addObject();
    a.put("clientCIDR", "0.0.0.0/0");
    a.put("serverAddress", host == null ? "127.0.0.1:443" : host);
    return v;
  }

  static ObjectNode groups() {
    ObjectNode g = Json.obj();
    g.put("kind", "APIGroupList");
    g.put("apiVersion", "v1");
    ArrayNode arr = g.putArray("groups");
    Set<String> seen = new LinkedHashSet<>();
    for (ResourceType t : ResourceType.ALL) {
      if (t.group().isEmpty() || !seen.add(t.group())) {
        continue;
      }
      ObjectNode grp = arr.addObject();
      grp.put("name", t.group());
      ObjectNode gv = Json.obj();
      gv.put("groupVersion", t.apiVersion());
      gv.put("version", t.version());
      grp.putArray("versions").add(gv);
      grp.set("preferredVersion", gv.deepCopy());
    }
    return g;
  }

  static ObjectNode resources(String group, String version) {
    ObjectNode rl = Json.obj();
    rl.put("kind", "APIResourceList");
    rl.put("apiVersion", "v1");
    rl.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
    ArrayNode arr = rl.putArray("resources");
    boolean any = false;
    for (ResourceType t : ResourceType.ALL) {
      if (!t.group().equals(group) || !t.version().equals(version)) {
        continue;
      }
      any = true;
      ObjectNode r = arr.addObject();
      r.put("name", t.plural());
      r.put("singularName", t.singular());
      r.put("namespaced", t.namespaced());
      r.put("kind", t.kind());
      ArrayNode verbs = r.putArray("verbs");
      for (String v :
          new String[] {"create", "delete", "get", "list", "patch", "update", "watch"}) {
        verbs.add(v);
      }
      ArrayNode sn = r.putArray("shortNames");
      t.shortNames().forEach(sn::add);
      if (t == ResourceType.POD || t == ResourceType.NODE) {
        ObjectNode s = arr.addObject();
        s.put("name", t.plural() + "/status");
        s.put("singularName", "");
        s.put("namespaced", t.namespaced());
        s.put("kind", t.kind());
        s.putArray("verbs").add("get").add("patch").add("update");
      }
      if (t == ResourceType.POD) {
        ObjectNode e = arr.addObject();
        e.put("name", "pods/eviction");
        e.put("singularName", "");
        e.put("namespaced", true);
        e.put("group", "policy");
        e.put("version", "v1");
        e.put("kind", "Eviction");
        e.putArray("verbs").add("create");
      }
    }
    return any ? rl : null;
  }

  /** The OpenAPI v3 root: one entry per group-version, as the real server lists them. */
  static ObjectNode openApiV3Root() {
    ObjectNode root = Json.obj();
    ObjectNode paths = root.putObject("paths");
    Set<String> seen = new LinkedHashSet<>();
    for (ResourceType t : ResourceType.ALL) {
      String p =
          t.group().isEmpty() ? "api/" + t.version() : "apis/" + t.group() + "/" + t.version();
      if (seen.add(p)) {
        paths.putObject(p).put("serverRelativeURL", "/openapi/v3/" + p + "?hash=0000");
      }
    }
    return root;
  }

  /**
   * A minimal OpenAPI v3 document for one group-version: only the PATCH/POST/PUT operations with
   * their GVK and the fieldValidation parameter, which is what kubectl 1.32 looks for to delegate
   * validation to the server (so {@code kubectl create -f} works without --validate=false). No
   * schemas: the sandbox does not validate.
   */
  static ObjectNode openApiV3(String group, String version) {
    ObjectNode doc = Json.obj();
    doc.put("openapi", "3.0.0");
    doc.putObject("info").put("title", "Kubernetes").put("version", "v1.32.0");
    ObjectNode paths = doc.putObject("paths");
    boolean any = false;
    for (ResourceType t : ResourceType.ALL) {
      if (!t.group().equals(group) || !t.version().equals(version)) {
        continue;
      }
      any = true;
      String base = (group.isEmpty() ? "/api/" : "/apis/" + group + "/") + version + "/";
      String coll = base + (t.namespaced() ? "namespaces/{namespace}/" : "") + t.plural();
      ObjectNode item = paths.putObject(coll + "/{name}");
      ObjectNode list = paths.putObject(coll);
      op(item, "patch", t);
      op(item, "put", t);
      op(list, "post", t);
    }
    doc.putObject("components").putObject("schemas");
    return any ? doc : null;
  }

  private static void op(ObjectNode path, String verb, ResourceType t) {
    ObjectNode o = path.putObject(verb);
    o.put("operationId", verb + t.kind());
    ObjectNode p = o.putArray("parameters").addObject();
    p.put("name", "fieldValidation");
    p.put("in", "query");
    p.putObject("schema").put("type", "string");
    o.putObject("responses").putObject("200").put("description", "OK");
    ObjectNode gvk = o.putObject("x-kubernetes-group-version-kind");
    gvk.put("group", t.group());
    gvk.put("version", t.version());
    gvk.put("kind", t.kind());
  }
}
