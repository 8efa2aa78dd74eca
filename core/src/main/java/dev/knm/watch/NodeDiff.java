package dev.knm.watch;

import dev.knm.kube.model.NodeSummary;
import dev.knm.kube.model.Quantity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The significant changes between two versions of a node: cordon, labels, taints, condition status
 * and reason (every condition type), cpu/memory/GPU capacity and allocatable, kubelet version.
 * Everything else (heartbeat times, which {@link NodeSummary} does not even hold, condition
 * messages and transition times, addresses, images) is not a significant change, so a
 * heartbeat-only update gives no event.
 */
public final class NodeDiff {
  private NodeDiff() {}

  /** What a node's Ready condition reads as: Ready, NotReady or Unknown. */
  static String readiness(NodeSummary n) {
    NodeSummary.Condition c = n.condition("Ready");
    if (c == null || c.status() == null) {
      return "Unknown";
    }
    return switch (c.status()) {
      case "True" -> "Ready";
      case "False" -> "NotReady";
      default -> "Unknown";
    };
  }

  static NodeEvent added(
      String cluster, NodeSummary n, Instant time, String resourceVersion, boolean catchUp) {
    return new NodeEvent(
        NodeEventType.ADDED,
        cluster,
        n.name(),
        null,
        null,
        readiness(n),
        time,
        resourceVersion,
        catchUp,
        null);
  }

  static NodeEvent removed(
      String cluster, NodeSummary n, Instant time, String resourceVersion, boolean catchUp) {
    return new NodeEvent(
        NodeEventType.REMOVED,
        cluster,
        n.name(),
        null,
        readiness(n),
        null,
        time,
        resourceVersion,
        catchUp,
        null);
  }

  /** The changes from {@code a} to {@code b} (the same node), in a fixed order; empty if none. */
  public static List<NodeEvent> between(
      String cluster,
      NodeSummary a,
      NodeSummary b,
      Instant time,
      String resourceVersion,
      boolean catchUp) {
    List<NodeEvent> out = new ArrayList<>();
    Emitter e =
        (type, field, o, n) ->
            out.add(
                new NodeEvent(
                    type, cluster, b.name(), field, o, n, time, resourceVersion, catchUp, null));
    if (a.unschedulable() != b.unschedulable()) {
      e.emit(
          b.unschedulable() ? NodeEventType.CORDONED : NodeEventType.UNCORDONED,
          "unschedulable",
          Boolean.toString(a.unschedulable()),
          Boolean.toString(b.unschedulable()));
    }
    labels(a.labels(), b.labels(), e);
    taints(a.taints(), b.taints(), e);
    conditions(a.conditions(), b.conditions(), e);
    resources(NodeEventType.CAPACITY, a.capacity(), b.capacity(), e);
    resources(NodeEventType.ALLOCATABLE, a.allocatable(), b.allocatable(), e);
    if (!Objects.equals(a.kubeletVersion(), b.kubeletVersion())) {
      e.emit(
          NodeEventType.KUBELET_VERSION, "kubeletVersion", a.kubeletVersion(), b.kubeletVersion());
    }
    return out;
  }

  @FunctionalInterface
  private interface Emitter {
    void emit(NodeEventType type, String field, String oldValue, String newValue);
  }

  private static void labels(Map<String, String> a, Map<String, String> b, Emitter e) {
    if (a.equals(b)) {
      return;
    }
    TreeSet<String> keys = new TreeSet<>(a.keySet());
    keys.addAll(b.keySet());
    for (String k : keys) {
      String o = a.get(k);
      String n = b.get(k);
      if (o == null && n != null) {
        e.emit(NodeEventType.LABEL_ADDED, k, null, n);
      } else if (o != null && n == null) {
        e.emit(NodeEventType.LABEL_REMOVED, k, o, null);
      } else if (o != null && !o.equals(n)) {
        e.emit(NodeEventType.LABEL_CHANGED, k, o, n);
      }
    }
  }

  /** Taints by identity (key and effect, as the API treats them); the value is what changes. */
  private static void taints(List<NodeSummary.Taint> a, List<NodeSummary.Taint> b, Emitter e) {
    if (a.equals(b)) {
      return;
    }
    Map<String, String> ma = taintMap(a);
    Map<String, String> mb = taintMap(b);
    TreeSet<String> keys = new TreeSet<>(ma.keySet());
    keys.addAll(mb.keySet());
    for (String k : keys) {
      String o = ma.get(k);
      String n = mb.get(k);
      if (o == null && n != null) {
        e.emit(NodeEventType.TAINT_ADDED, k, null, n);
      } else if (o != null && n == null) {
        e.emit(NodeEventType.TAINT_REMOVED, k, o, null);
      } else if (o != null && !o.equals(n)) {
        e.emit(NodeEventType.TAINT_CHANGED, k, o, n);
      }
    }
  }

  private static Map<String, String> taintMap(List<NodeSummary.Taint> taints) {
    Map<String, String> m = new LinkedHashMap<>();
    for (NodeSummary.Taint t : taints) {
      m.put(
          nullToEmpty(t.key()) + ":" + nullToEmpty(t.effect()), t.value() == null ? "" : t.value());
    }
    return m;
  }

  private static void conditions(
      List<NodeSummary.Condition> a, List<NodeSummary.Condition> b, Emitter e) {
    Map<String, NodeSummary.Condition> ma = new LinkedHashMap<>();
    a.forEach(c -> ma.put(nullToEmpty(c.type()), c));
    Map<String, NodeSummary.Condition> mb = new LinkedHashMap<>();
    b.forEach(c -> mb.put(nullToEmpty(c.type()), c));
    List<String> types = new ArrayList<>(mb.keySet());
    for (String t : ma.keySet()) {
      if (!mb.containsKey(t)) {
        types.add(t);
      }
    }
    for (String t : types) {
      NodeSummary.Condition o = ma.get(t);
      NodeSummary.Condition n = mb.get(t);
      String os = o == null ? null : o.status();
      String ns = n == null ? null : n.status();
      if (!Objects.equals(os, ns)) {
        e.emit(NodeEventType.CONDITION, t, os, ns);
      }
      String or = o == null ? null : o.reason();
      String nr = n == null ? null : n.reason();
      if (!Objects.equals(or, nr)) {
        e.emit(NodeEventType.CONDITION, t + ".reason", or, nr);
      }
    }
  }

  private static void resources(
      NodeEventType type, NodeSummary.Resources a, NodeSummary.Resources b, Emitter e) {
    if (a.equals(b)) {
      return;
    }
    if (a.cpuMillis() != b.cpuMillis()) {
      e.emit(type, "cpu", Quantity.formatCpu(a.cpuMillis()), Quantity.formatCpu(b.cpuMillis()));
    }
    if (a.memoryBytes() != b.memoryBytes()) {
      e.emit(
          type,
          "memory",
          Quantity.formatBytes(a.memoryBytes()),
          Quantity.formatBytes(b.memoryBytes()));
    }
    if (a.gpus() != b.gpus()) {
      e.emit(type, NodeSummary.GPU, Long.toString(a.gpus()), Long.toString(b.gpus()));
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
