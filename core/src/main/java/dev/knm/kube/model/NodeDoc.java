package dev.knm.kube.model;

import dev.knm.kube.NodeReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The lean projection of a Node that {@link NodeReader} reads ({@link NodeDocDecoder} streams it
 * from the JSON, skipping images, managedFields and the rest) and turns into a {@link NodeSummary}.
 */
public record NodeDoc(Meta metadata, Spec spec, Status status) {
  static final String ROLE_PREFIX = "node-role.kubernetes.io/";

  public String name() {
    return metadata == null ? null : metadata.name();
  }

  public NodeSummary toSummary() {
    Meta m = metadata == null ? new Meta(null, null, null) : metadata;
    Map<String, String> labels = m.labels() == null ? Map.of() : m.labels();
    Spec s = spec == null ? new Spec(false, null) : spec;
    Status st = status == null ? new Status(null, null, null, null, null) : status;
    boolean unschedulable = Boolean.TRUE.equals(s.unschedulable());
    String readyStatus = "Unknown";
    String readyCondition = null;
    List<NodeSummary.Condition> conds = new ArrayList<>();
    if (st.conditions() != null) {
      for (NodeSummary.Condition c : st.conditions()) {
        conds.add(c);
        if ("Ready".equals(c.type())) {
          // kubectl (printNode): anything but True is NotReady, Unknown included
          readyStatus = "True".equals(c.status()) ? "Ready" : "NotReady";
          readyCondition = c.status();
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
        readyCondition,
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
