package dev.knm.cli.watch;

import dev.knm.watch.NodeEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Node events as knm/v1 documents (field names documented in docs/json-output.md). */
final class EventDocuments {
  private EventDocuments() {}

  /** One event: the ndjson line of `knm watch -o ndjson` and an item of `knm events -o json`. */
  static Map<String, Object> event(NodeEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", e.type().wire());
    m.put("cluster", e.cluster());
    m.put("node", e.node());
    m.put("field", e.field());
    m.put("old", e.oldValue());
    m.put("new", e.newValue());
    m.put("time", e.time());
    m.put("resourceVersion", e.resourceVersion());
    m.put("catchUp", e.catchUp());
    m.put("count", e.count());
    return m;
  }

  static Map<String, Object> list(List<NodeEvent> events) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("apiVersion", "knm/v1");
    m.put("kind", "NodeEventList");
    m.put("items", events.stream().map(EventDocuments::event).toList());
    return m;
  }
}
