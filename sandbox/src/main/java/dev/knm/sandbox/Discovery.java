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
}
