package dev.knm.cli.render;

import dev.knm.cluster.Cluster;
import dev.knm.cluster.ClusterDetails;
import dev.knm.cluster.ClusterState;
import dev.knm.cluster.ClusterView;
import dev.knm.cluster.Page;
import dev.knm.cluster.kubeconfig.AuthKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON/YAML shape of clusters. Field names are stable and documented in docs/json-output.md;
 * add fields, never rename them.
 */
public final class ClusterDocuments {
  private ClusterDocuments() {}

  public static Map<String, Object> list(Page<ClusterView> page) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("apiVersion", "knm/v1");
    doc.put("kind", "ClusterList");
    doc.put("page", page.page());
    doc.put("limit", page.limit() == Integer.MAX_VALUE ? null : page.limit());
    doc.put("total", page.total());
    doc.put("items", page.items().stream().map(ClusterDocuments::cluster).toList());
    return doc;
  }

  /** Several clusters without paging (import --all-contexts). */
  public static Map<String, Object> items(List<ClusterView> views) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("apiVersion", "knm/v1");
    doc.put("kind", "ClusterList");
    doc.put("items", views.stream().map(ClusterDocuments::cluster).toList());
    return doc;
  }

  public static Map<String, Object> cluster(ClusterView view) {
    Map<String, Object> doc = clusterFields(view.cluster());
    doc.put("state", state(view.state()));
    return doc;
  }

  public static Map<String, Object> details(ClusterDetails details) {
    Map<String, Object> doc = clusterFields(details.cluster());
    doc.put("user", details.user());
    doc.put("auth", details.auth().stream().sorted().map(AuthKind::label).toList());
    doc.put("state", state(details.state()));
    return doc;
  }

  private static Map<String, Object> clusterFields(Cluster c) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("apiVersion", "knm/v1");
    doc.put("kind", "Cluster");
    doc.put("id", c.id().toString());
    doc.put("name", c.name());
    doc.put("description", c.description());
    doc.put("labels", new TreeMap<>(c.labels()));
    doc.put("server", c.server());
    doc.put("context", c.context());
    doc.put("keyId", c.keyId());
    doc.put("createdAt", c.createdAt());
    doc.put("updatedAt", c.updatedAt());
    return doc;
  }

  private static Map<String, Object> state(ClusterState s) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("status", s.status().label());
    doc.put("kubernetesVersion", s.kubernetesVersion());
    doc.put("nodeCount", s.nodeCount());
    doc.put("readyNodes", s.readyNodes());
    doc.put("cpuMillis", s.cpuMillis());
    doc.put("memoryBytes", s.memoryBytes());
    doc.put("gpus", s.gpus());
    doc.put("lastHeartbeat", s.lastHeartbeat());
    doc.put("lastError", s.lastError());
    doc.put("checkedAt", s.checkedAt());
    doc.put("timeoutCount", s.timeoutCount());
    return doc;
  }

  public static List<String> names(List<ClusterView> views) {
    return views.stream().map(v -> "cluster/" + TerminalText.escape(v.cluster().name())).toList();
  }
}
