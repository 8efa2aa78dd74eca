package dev.knm.watch;

import java.time.Instant;
import java.util.Objects;

/**
 * One significant change of one node: what changed ({@code type}, {@code field}) from what to what
 * ({@code oldValue} → {@code newValue}, null when absent). {@code resourceVersion} is the node's
 * version that showed it; {@code catchUp} marks a change found by listing again after the watch
 * could not resume (410, an outage, a resync): it is the net change since the last version knm saw,
 * so several changes of one field while away read as one. {@code count} is set for {@link
 * NodeEventType#FLAPPING} and {@link NodeEventType#SETTLED} only.
 *
 * <p>Fields and values by type: added/removed: field null, value the Ready status (Ready, NotReady,
 * Unknown); cordoned/uncordoned: field {@code unschedulable}, "false"/"true"; label-*: the label
 * key, its values; taint-*: {@code key:effect}, the taint's value ("" for none); condition: the
 * condition type and its status, or {@code TYPE.reason} and its reason; capacity/allocatable:
 * {@code cpu}, {@code memory} or {@code nvidia.com/gpu}, as quantities; kubelet-version: {@code
 * kubeletVersion}; flapping/settled: {@code Ready}, the Ready condition's status (True, False,
 * Unknown) before the node began to flap and now.
 */
public record NodeEvent(
    NodeEventType type,
    String cluster,
    String node,
    String field,
    String oldValue,
    String newValue,
    Instant time,
    String resourceVersion,
    boolean catchUp,
    Integer count)
    implements WatchEvent {

  public NodeEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(time, "time");
  }

  /** The same change found by a relist. */
  NodeEvent asCatchUp() {
    return new NodeEvent(
        type, cluster, node, field, oldValue, newValue, time, resourceVersion, true, count);
  }
}
