package dev.knm.cli.kube;

import dev.knm.cli.render.Json;
import dev.knm.fleet.NodeListWriter;
import dev.knm.kube.model.NodeSummary;
import dev.knm.kube.model.NodeUsage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/clusters/NAME/nodes}: the informer cache in `knm list nodes -o json`'s
 * NodeList shape. Pods are never cached, so {@code pods} and each resource's {@code requested} are
 * null (unknown), never a made-up zero.
 */
public final class CachedNodeList implements NodeListWriter {
  @Override
  public byte[] write(String cluster, List<NodeSummary> nodes) {
    List<Map<String, Object>> items = new ArrayList<>(nodes.size());
    for (NodeSummary n : nodes) {
      Map<String, Object> doc = NodeDocuments.node(cluster, n, new NodeUsage(n.name(), 0, 0, 0, 0));
      doc.put("pods", null);
      for (String resource : List.of("cpuMillis", "memoryBytes", "gpus")) {
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) doc.get(resource);
        r.put("requested", null);
      }
      items.add(doc);
    }
    return (Json.write(NodeDocuments.list(items)) + "\n").getBytes(StandardCharsets.UTF_8);
  }
}
