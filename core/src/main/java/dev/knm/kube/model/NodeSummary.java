package dev.knm.kube.model;

import java.util.List;
import java.util.Map;

/**
 * A compact node: what list/describe show, without images, heartbeats' noise or managedFields.
 * Quantities are already parsed: cpu in millicores, memory in bytes, gpus ({@code nvidia.com/gpu})
 * as a count. {@code status} is what kubectl's STATUS column shows: Ready when the Ready condition
 * is True, NotReady when it is False or Unknown, Unknown when the node has no Ready condition, with
 * ",SchedulingDisabled" appended when the node is cordoned. {@code readyCondition} is the Ready
 * condition's status exactly as the node reports it (True, False, Unknown), null without one.
 */
public record NodeSummary(
    String name,
    String status,
    boolean ready,
    String readyCondition,
    boolean unschedulable,
    List<String> roles,
    List<Taint> taints,
    String kubeletVersion,
    String internalIp,
    String externalIp,
    String osImage,
    String kernelVersion,
    String containerRuntime,
    String zone,
    String instanceType,
    Resources capacity,
    Resources allocatable,
    List<Condition> conditions,
    Map<String, String> labels,
    List<Address> addresses,
    String creationTimestamp) {
  /** The extended resource knm counts as GPUs. */
  public static final String GPU = "nvidia.com/gpu";

  public NodeSummary {
    roles = List.copyOf(roles);
    taints = List.copyOf(taints);
    conditions = List.copyOf(conditions);
    labels = Map.copyOf(labels);
    addresses = List.copyOf(addresses);
  }

  public int taintCount() {
    return taints.size();
  }

  public record Taint(String key, String value, String effect) {}

  public record Condition(
      String type, String status, String reason, String message, String lastTransitionTime) {}

  public record Address(String type, String address) {}

  /** cpu millicores, memory bytes, nvidia.com/gpu count. */
  public record Resources(long cpuMillis, long memoryBytes, long gpus) {
    public static final Resources ZERO = new Resources(0, 0, 0);

    static Resources of(Map<String, String> m) {
      if (m == null) {
        return ZERO;
      }
      return new Resources(
          Quantity.cpuMillisOrZero(m.get("cpu")),
          Quantity.wholeOrZero(m.get("memory")),
          Quantity.wholeOrZero(m.get(NodeSummary.GPU)));
    }
  }
}
