package dev.knm.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Server-side printing: meta.k8s.io/v1 Table responses, with kubectl's columns. */
final class Tables {
  private Tables() {}

  static ObjectNode table(
      ResourceType t,
      List<Store.Obj> objs,
      String includeObject,
      Instant now,
      boolean withColumns) {
    ObjectNode tb = Json.obj();
    tb.put("kind", "Table");
    tb.put("apiVersion", "meta.k8s.io/v1");
    tb.putObject("metadata");
    if (withColumns) {
      ArrayNode cols = tb.putArray("columnDefinitions");
      for (String[] c : columns(t)) {
        ObjectNode cd = cols.addObject();
        cd.put("name", c[0]);
        cd.put("type", c[1]);
        cd.put("format", c[2]);
        cd.put("description", c[0]);
        cd.put("priority", Integer.parseInt(c[3]));
      }
    }
    ArrayNode rows = tb.putArray("rows");
    for (Store.Obj o : objs) {
      rows.add(row(t, o, includeObject, now));
    }
    return tb;
  }

  /** A cached row (cells without the age, and the row object); the age is filled in per call. */
  private record Cached(ArrayNode cells, int ageIndex, String created, ObjectNode partial) {}

  private static ObjectNode row(ResourceType t, Store.Obj o, String includeObject, Instant now) {
    ObjectNode row = Json.obj();
    if ("Object".equals(includeObject)) {
      ObjectNode n = o.node();
      row.set("cells", cells(t, n, now));
      row.set("object", n);
      return row;
    }
    Cached c = (Cached) o.rowCache().get();
    if (c == null) {
      ObjectNode n = o.node();
      ArrayNode cells = cells(t, n, Instant.EPOCH);
      int ageIndex = -1;
      List<String[]> cols = columns(t);
      for (int i = 0; i < cols.size(); i++) {
        if (cols.get(i)[0].equals("Age")) {
          ageIndex = i;
        }
      }
      ObjectNode pom = Json.obj();
      pom.put("kind", "PartialObjectMetadata");
      pom.put("apiVersion", "meta.k8s.io/v1");
      ObjectNode md = ((ObjectNode) n.get("metadata")).deepCopy();
      md.remove("managedFields");
      pom.set("metadata", md);
      c =
          new Cached(
              cells, ageIndex, n.path("metadata").path("creationTimestamp").asText(null), pom);
      o.rowCache().set(c);
    }
    ArrayNode cells = c.cells().deepCopy();
    if (c.ageIndex() >= 0) {
      cells.set(c.ageIndex(), cells.textNode(age(c.created(), now)));
    }
    row.set("cells", cells);
    if (!"None".equals(includeObject)) {
      row.set("object", c.partial());
    }
    return row;
  }

  private static List<String[]> columns(ResourceType t) {
    List<String[]> c = new ArrayList<>();
    c.add(new String[] {"Name", "string", "name", "0"});
    if (t == ResourceType.POD) {
      c.add(new String[] {"Ready", "string", "", "0"});
      c.add(new String[] {"Status", "string", "", "0"});
      c.add(new String[] {"Restarts", "string", "", "0"});
      c.add(new String[] {"Age", "string", "", "0"});
      c.add(new String[] {"IP", "string", "", "1"});
      c.add(new String[] {"Node", "string", "", "1"});
      c.add(new String[] {"Nominated Node", "string", "", "1"});
      c.add(new String[] {"Readiness Gates", "string", "", "1"});
    } else if (t == ResourceType.NODE) {
      c.add(new String[] {"Status", "string", "", "0"});
      c.add(new String[] {"Roles", "string", "", "0"});
      c.add(new String[] {"Age", "string", "", "0"});
      c.add(new String[] {"Version", "string", "", "0"});
      c.add(new String[] {"Internal-IP", "string", "", "1"});
      c.add(new String[] {"External-IP", "string", "", "1"});
      c.add(new String[] {"OS-Image", "string", "", "1"});
      c.add(new String[] {"Kernel-Version", "string", "", "1"});
      c.add(new String[] {"Container-Runtime", "string", "", "1"});
    } else if (t == ResourceType.NAMESPACE) {
      c.add(new String[] {"Status", "string", "", "0"});
      c.add(new String[] {"Age", "string", "", "0"});
    } else if (t == ResourceType.PDB) {
      c.add(new String[] {"Min Available", "string", "", "0"});
      c.add(new String[] {"Max Unavailable", "string", "", "0"});
      c.add(new String[] {"Allowed Disruptions", "integer", "", "0"});
      c.add(new String[] {"Age", "string", "", "0"});
    } else if (t == ResourceType.DAEMON_SET) {
      c.add(new String[] {"Desired", "integer", "", "0"});
      c.add(new String[] {"Current", "integer", "", "0"});
      c.add(new String[] {"Ready", "integer", "", "0"});
      c.add(new String[] {"Up-to-date", "integer", "", "0"});
      c.add(new String[] {"Available", "integer", "", "0"});
      c.add(new String[] {"Age", "string", "", "0"});
    } else if (t == ResourceType.REPLICA_SET) {
      c.add(new String[] {"Desired", "integer", "", "0"});
      c.add(new String[] {"Current", "integer", "", "0"});
      c.add(new String[] {"Ready", "integer", "", "0"});
      c.add(new String[] {"Age", "string", "", "0"});
    } else if (t == ResourceType.LEASE) {
      c.add(new String[] {"Holder", "string", "", "0"});
      c.add(new String[] {"Age", "string", "", "0"});
    } else {
      c.add(new String[] {"Age", "string", "", "0"});
    }
    return c;
  }

  private static ArrayNode cells(ResourceType t, ObjectNode n, Instant now) {
    ArrayNode a = Json.M.createArrayNode();
    JsonNode md = n.path("metadata");
    JsonNode spec = n.path("spec");
    JsonNode st = n.path("status");
    a.add(md.path("name").asText());
    String age = age(md.path("creationTimestamp").asText(null), now);
    if (t == ResourceType.POD) {
      int total = spec.path("containers").size();
      int ready = 0;
      int restarts = 0;
      for (JsonNode cs : st.path("containerStatuses")) {
        if (cs.path("ready").asBoolean()) {
          ready++;
        }
        restarts += cs.path("restartCount").asInt();
      }
      String phase = st.path("phase").asText("Pending");
      String status = st.hasNonNull("reason") ? st.get("reason").asText() : phase;
      if ("Succeeded".equals(phase)) {
        status = "Completed";
        ready = 0;
      } else if ("Failed".equals(phase) && !st.hasNonNull("reason")) {
        status = "Error";
        ready = 0;
      }
      if (md.has("deletionTimestamp")) {
        status = "Terminating";
      }
      a.add(ready + "/" + total);
      a.add(status);
      a.add(Integer.toString(restarts));
      a.add(age);
      a.add(st.path("podIP").asText("<none>"));
      a.add(spec.path("nodeName").asText("<none>"));
      a.add("<none>");
      a.add("<none>");
    } else if (t == ResourceType.NODE) {
      String ready = "Unknown";
      for (JsonNode c : st.path("conditions")) {
        if ("Ready".equals(c.path("type").asText())) {
          ready = "True".equals(c.path("status").asText()) ? "Ready" : "NotReady";
        }
      }
      if ("Unknown".equals(ready)) {
        ready = "Unknown";
      }
      if (spec.path("unschedulable").asBoolean(false)) {
        ready += ",SchedulingDisabled";
      }
      TreeSet<String> roles = new TreeSet<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = md.path("labels").fields(); it.hasNext(); ) {
        String k = it.next().getKey();
        if (k.startsWith("node-role.kubernetes.io/")) {
          roles.add(k.substring("node-role.kubernetes.io/".length()));
        } else if (k.equals("kubernetes.io/role")) {
          roles.add(md.path("labels").path(k).asText());
        }
      }
      a.add(ready);
      a.add(roles.isEmpty() ? "<none>" : String.join(",", roles));
      a.add(age);
      a.add(st.path("nodeInfo").path("kubeletVersion").asText(""));
      String internal = "<none>";
      String external = "<none>";
      for (JsonNode ad : st.path("addresses")) {
        if ("InternalIP".equals(ad.path("type").asText())) {
          internal = ad.path("address").asText();
        } else if ("ExternalIP".equals(ad.path("type").asText())) {
          external = ad.path("address").asText();
        }
      }
      a.add(internal);
      a.add(external);
      a.add(st.path("nodeInfo").path("osImage").asText("<unknown>"));
      a.add(st.path("nodeInfo").path("kernelVersion").asText("<unknown>"));
      a.add(st.path("nodeInfo").path("containerRuntimeVersion").asText("<unknown>"));
    } else if (t == ResourceType.NAMESPACE) {
      a.add(st.path("phase").asText("Active"));
      a.add(age);
    } else if (t == ResourceType.PDB) {
      a.add(spec.has("minAvailable") ? spec.get("minAvailable").asText() : "N/A");
      a.add(spec.has("maxUnavailable") ? spec.get("maxUnavailable").asText() : "N/A");
      a.add(st.path("disruptionsAllowed").asInt());
      a.add(age);
    } else if (t == ResourceType.DAEMON_SET) {
      a.add(st.path("desiredNumberScheduled").asInt());
      a.add(st.path("currentNumberScheduled").asInt());
      a.add(st.path("numberReady").asInt());
      a.add(st.path("updatedNumberScheduled").asInt());
      a.add(st.path("numberAvailable").asInt());
      a.add(age);
    } else if (t == ResourceType.REPLICA_SET) {
      a.add(spec.path("replicas").asInt());
      a.add(st.path("replicas").asInt());
      a.add(st.path("readyReplicas").asInt());
      a.add(age);
    } else if (t == ResourceType.LEASE) {
      a.add(spec.path("holderIdentity").asText(""));
      a.add(age);
    } else {
      a.add(age);
    }
    return a;
  }

  /** apimachinery's duration.HumanDuration. */
  static String age(String created, Instant now) {
    if (created == null) {
      return "<unknown>";
    }
    Duration d = Duration.between(Instant.parse(created), now);
    long s = d.getSeconds();
    if (s < -1) {
      return "<invalid>";
    } else if (s < 0) {
      return "0s";
    } else if (s < 60 * 2) {
      return s + "s";
    }
    long m = s / 60;
    if (m < 10) {
      long rs = s % 60;
      return rs == 0 ? m + "m" : m + "m" + rs + "s";
    } else if (m < 60 * 3) {
      return m + "m";
    }
    long h = m / 60;
    if (h < 8) {
      long rm = m % 60;
      return rm == 0 ? h + "h" : h + "h" + rm + "m";
    } else if (h < 48) {
      return h + "h";
    } else if (h < 24 * 8) {
      long rh = h % 24;
      return rh == 0 ? (h / 24) + "d" : (h / 24) + "d" + rh + "h";
    } else if (h < 24 * 365 * 2) {
      return (h / 24) + "d";
    } else if (h < 24 * 365 * 8) {
      long dy = (h / 24) % 365;
      return dy == 0 ? (h / 24 / 365) + "y" : (h / 24 / 365) + "y" + dy + "d";
    }
    return (h / 24 / 365) + "y";
  }
}
