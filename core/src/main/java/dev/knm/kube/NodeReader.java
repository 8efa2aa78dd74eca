package dev.knm.kube;

import com.fasterxml.jackson.databind.JsonNode;
import dev.knm.error.ClusterUnreachableException;
import dev.knm.error.NotFoundException;
import dev.knm.error.UsageException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads nodes (paginated, lean projection) and per-node pod usage from ONE paginated listing of the
 * cluster's non-terminated pods.
 */
public final class NodeReader {
  public static final String GPU = "nvidia.com/gpu";
  static final String ROLE_PREFIX = "node-role.kubernetes.io/";
  public static final String NODES_PATH = "/api/v1/nodes";
  static final int PAGE_SIZE = 500;

  private final ClusterClient client;

  public NodeReader(ClusterClient client) {
    this.client = client;
  }

  /** All nodes (optionally a label selector), sorted by name. */
  public List<NodeSummary> list(String labelSelector) {
    Map<String, String> q = new LinkedHashMap<>();
    if (labelSelector != null && !labelSelector.isBlank()) {
      q.put("labelSelector", labelSelector);
    }
    List<NodeSummary> out = new ArrayList<>();
    new ListPager(client)
        .stream(
            NODES_PATH,
            q,
            PAGE_SIZE,
            0,
            client.tier().request(),
            new ListPager.ItemType<>(NodeDoc.class, NodeDoc::name),
            page -> page.forEach(d -> out.add(d.toSummary())));
    out.sort(java.util.Comparator.comparing(NodeSummary::name));
    return out;
  }

  /**
   * One node.
   *
   * @throws NotFoundException if the cluster has no node of that name
   */
  public NodeSummary get(String name) {
    try {
      return ClusterClient.json().readValue(getRaw(name), NodeDoc.class).toSummary();
    } catch (IOException e) {
      throw new ClusterUnreachableException(
          client.cluster(), "cluster " + client.cluster() + ": node " + name + " is not JSON", e);
    }
  }

  /** One node as its full JSON (json output of describe). */
  public JsonNode getJson(String name) {
    try {
      return ClusterClient.json().readTree(getRaw(name));
    } catch (IOException e) {
      throw new ClusterUnreachableException(
          client.cluster(), "cluster " + client.cluster() + ": node " + name + " is not JSON", e);
    }
  }

  private byte[] getRaw(String name) {
    if (name == null || name.isBlank() || name.contains("/")) {
      throw new UsageException("invalid node name: \"" + name + "\"");
    }
    String path = NODES_PATH + "/" + name;
    try {
      return client.get(path, Map.of(), client.tier().request(), true);
    } catch (KubeApiException e) {
      if (e.code() == 404) {
        throw new NotFoundException("cluster " + client.cluster() + ": no node named " + name);
      }
      throw client.unreachable("GET", path, e, 0);
    }
  }

  /**
   * Per node: non-terminated pods and their summed requests, from one paginated listing of all pods
   * with {@code status.phase!=Succeeded,status.phase!=Failed}. Pods not bound to a node are left
   * out. Keyed by node name, sorted.
   */
  public Map<String, NodeUsage> usage() {
    Map<String, long[]> acc = new HashMap<>();
    new PodPager(client)
        .stream(
            PodQuery.all().withFieldSelector("status.phase!=Succeeded,status.phase!=Failed"),
            page -> {
              for (PodSummary p : page) {
                if (p.nodeName() == null || p.nodeName().isEmpty()) {
                  continue;
                }
                String ph = p.phase();
                if ("Succeeded".equals(ph) || "Failed".equals(ph)) {
                  continue; // a server that ignores the field selector
                }
                long[] a = acc.computeIfAbsent(p.nodeName(), k -> new long[4]);
                a[0]++;
                a[1] += p.request("cpu", true);
                a[2] += p.request("memory", false);
                a[3] += p.request(GPU, false);
              }
            });
    Map<String, NodeUsage> out = new TreeMap<>();
    acc.forEach((k, a) -> out.put(k, new NodeUsage(k, (int) a[0], a[1], a[2], a[3])));
    return out;
  }

  // ---- lean JSON projection of a Node ----

  record NodeDoc(Meta metadata, Spec spec, Status status) {
    String name() {
      return metadata == null ? null : metadata.name();
    }

    NodeSummary toSummary() {
      Meta m = metadata == null ? new Meta(null, null, null) : metadata;
      Map<String, String> labels = m.labels() == null ? Map.of() : m.labels();
      Spec s = spec == null ? new Spec(false, null) : spec;
      Status st = status == null ? new Status(null, null, null, null, null) : status;
      boolean unschedulable = Boolean.TRUE.equals(s.unschedulable());
      String readyStatus = "Unknown";
      List<NodeSummary.Condition> conds = new ArrayList<>();
      if (st.conditions() != null) {
        for (NodeSummary.Condition c : st.conditions()) {
          conds.add(c);
          if ("Ready".equals(c.type())) {
            readyStatus =
                "True".equals(c.status())
                    ? "Ready"
                    : "False".equals(c.status()) ? "NotReady" : "Unknown";
          }
        }
      }
      String shown = unschedulable ? readyStatus + ",SchedulingDisabled" : readyStatus;
      List<String> roles = new ArrayList<>();
      for (String k : new TreeMap<>(labels).keySet()) {
        if (k.startsWith(ROLE_PREFIX) && k.length() > ROLE_PREFIX.length()) {
          roles.add(k.substring(ROLE_PREFIX.length()));
        }
      }
      if (roles.isEmpty() && labels.get("kubernetes.io/role") != null) {
        roles.add(labels.get("kubernetes.io/role"));
      }
      List<NodeSummary.Address> addrs = st.addresses() == null ? List.of() : st.addresses();
      String internal = null;
      String external = null;
      for (NodeSummary.Address a : addrs) {
        if (internal == null && "InternalIP".equals(a.type())) {
          internal = a.address();
        }
        if (external == null && "ExternalIP".equals(a.type())) {
          external = a.address();
        }
      }
      Info i = st.nodeInfo() == null ? new Info(null, null, null, null) : st.nodeInfo();
      return new NodeSummary(
          m.name(),
          shown,
          "Ready".equals(readyStatus),
          unschedulable,
          roles,
          s.taints() == null ? List.of() : s.taints(),
          i.kubeletVersion(),
          internal,
          external,
          i.osImage(),
          i.kernelVersion(),
          i.containerRuntimeVersion(),
          labels.get("topology.kubernetes.io/zone"),
          labels.get("node.kubernetes.io/instance-type"),
          NodeSummary.Resources.of(st.capacity()),
          NodeSummary.Resources.of(st.allocatable()),
          conds,
          labels,
          addrs,
          m.creationTimestamp());
    }
  }

  record Meta(String name, Map<String, String> labels, String creationTimestamp) {}

  record Spec(Boolean unschedulable, List<NodeSummary.Taint> taints) {}

  record Status(
      Map<String, String> capacity,
      Map<String, String> allocatable,
      List<NodeSummary.Condition> conditions,
      List<NodeSummary.Address> addresses,
      Info nodeInfo) {}

  record Info(
      String kubeletVersion,
      String osImage,
      String kernelVersion,
      String containerRuntimeVersion) {}
}
