package dev.knm.cli.kube;

import dev.knm.cli.options.OutputFormat;
import dev.knm.kube.NodeReader;
import dev.knm.kube.model.JsonItem;
import dev.knm.kube.model.NodeSummary;
import dev.knm.kube.model.NodeUsage;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON/YAML shape of `knm list nodes` (apiVersion knm/v1, kind NodeList / Node). Field names
 * are stable: add fields, never rename them. cpu in millicores, memory in bytes, gpu
 * (nvidia.com/gpu) as a count; {@code pods} counts non-terminated pods bound to the node.
 */
final class NodeDocuments {
  private NodeDocuments() {}

  /** `describe node -o json|yaml|ndjson`: the Node object as the API server has it. */
  static void printJson(PrintWriter out, NodeReader reader, String node, OutputFormat f) {
    JsonItem json = reader.getJson(node);
    out.print(
        switch (f) {
          case yaml -> JsonItemWriter.yaml(json);
          case ndjson -> JsonItemWriter.writeCompact(json) + "\n";
          default -> JsonItemWriter.write(json) + "\n";
        });
    out.flush();
  }

  static Map<String, Object> list(List<Map<String, Object>> items) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("apiVersion", "knm/v1");
    doc.put("kind", "NodeList");
    doc.put("items", items);
    return doc;
  }

  static Map<String, Object> node(String cluster, NodeSummary n, NodeUsage u) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("apiVersion", "knm/v1");
    doc.put("kind", "Node");
    doc.put("cluster", cluster);
    doc.put("name", n.name());
    doc.put("status", n.status());
    doc.put("ready", n.ready());
    doc.put("readyCondition", n.readyCondition());
    doc.put("unschedulable", n.unschedulable());
    doc.put("roles", n.roles());
    doc.put(
        "taints",
        n.taints().stream()
            .map(
                t -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("key", t.key());
                  m.put("value", t.value());
                  m.put("effect", t.effect());
                  return m;
                })
            .toList());
    doc.put("kubeletVersion", n.kubeletVersion());
    doc.put("pods", u.pods());
    doc.put(
        "cpuMillis",
        resource(u.cpuRequestMillis(), n.allocatable().cpuMillis(), n.capacity().cpuMillis()));
    doc.put(
        "memoryBytes",
        resource(
            u.memoryRequestBytes(), n.allocatable().memoryBytes(), n.capacity().memoryBytes()));
    doc.put("gpus", resource(u.gpuRequests(), n.allocatable().gpus(), n.capacity().gpus()));
    doc.put("internalIP", n.internalIp());
    doc.put("externalIP", n.externalIp());
    doc.put("osImage", n.osImage());
    doc.put("kernelVersion", n.kernelVersion());
    doc.put("containerRuntime", n.containerRuntime());
    doc.put("zone", n.zone());
    doc.put("instanceType", n.instanceType());
    doc.put("labels", new TreeMap<>(n.labels()));
    doc.put("creationTimestamp", n.creationTimestamp());
    return doc;
  }

  private static Map<String, Object> resource(long requested, long allocatable, long capacity) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("requested", requested);
    m.put("allocatable", allocatable);
    m.put("capacity", capacity);
    return m;
  }
}
