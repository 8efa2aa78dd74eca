package dev.knm.watch;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One cluster's flapping nodes (see {@link FlapPolicy}). Sits between the diff and the listeners:
 * Ready changes (status and reason) of a node that flaps are held back and counted; everything else
 * passes. Not thread-safe: its informer calls it under its publishing lock.
 */
final class FlapDetector {
  private static final String READY = "Ready";
  private static final String READY_REASON = "Ready.reason";

  private static final class History {
    final ArrayDeque<Instant> changes = new ArrayDeque<>();
    boolean flapping;
    int countWhileFlapping;
    String statusBefore;
    Instant last;
  }

  private final FlapPolicy policy;
  private final Map<String, History> nodes = new HashMap<>();

  FlapDetector(FlapPolicy policy) {
    this.policy = policy;
  }

  /** The events to publish for one node update (in order), flapping ones held back. */
  List<NodeEvent> filter(List<NodeEvent> events) {
    if (!policy.enabled() || events.isEmpty()) {
      return events;
    }
    List<NodeEvent> out = new ArrayList<>(events.size());
    for (NodeEvent e : events) {
      if (e.type() == NodeEventType.REMOVED) {
        nodes.remove(e.node());
        out.add(e);
      } else if (e.type() != NodeEventType.CONDITION) {
        out.add(e);
      } else if (READY.equals(e.field())) {
        readyChanged(e, out);
      } else if (READY_REASON.equals(e.field())) {
        History h = nodes.get(e.node());
        if (h == null || !h.flapping) {
          out.add(e);
        }
      } else {
        out.add(e);
      }
    }
    return out;
  }

  private void readyChanged(NodeEvent e, List<NodeEvent> out) {
    History h = nodes.computeIfAbsent(e.node(), k -> new History());
    Instant now = e.time();
    h.last = now;
    if (h.flapping) {
      h.countWhileFlapping++;
      return;
    }
    h.changes.addLast(now);
    Instant oldest = now.minus(policy.window());
    while (!h.changes.isEmpty() && h.changes.peekFirst().isBefore(oldest)) {
      h.changes.removeFirst();
    }
    if (h.changes.size() <= policy.threshold()) {
      if (h.changes.size() == 1) {
        h.statusBefore = e.oldValue();
      }
      out.add(e);
      return;
    }
    h.flapping = true;
    h.countWhileFlapping = h.changes.size();
    out.add(
        new NodeEvent(
            NodeEventType.FLAPPING,
            e.cluster(),
            e.node(),
            READY,
            h.statusBefore,
            e.newValue(),
            now,
            e.resourceVersion(),
            e.catchUp(),
            h.changes.size()));
  }

  /**
   * Settles the flapping nodes whose Ready has not changed for a whole window; {@code ready} gives
   * a node's Ready condition status now (null when the node is gone), {@code rv} its version.
   */
  List<NodeEvent> tick(
      String cluster, Instant now, Function<String, String> ready, Function<String, String> rv) {
    if (!policy.enabled() || nodes.isEmpty()) {
      return List.of();
    }
    List<NodeEvent> out = new ArrayList<>();
    Instant quietSince = now.minus(policy.window());
    for (Iterator<Map.Entry<String, History>> it = nodes.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, History> entry = it.next();
      History h = entry.getValue();
      if (h.last != null && !h.last.isAfter(quietSince)) {
        it.remove();
        if (h.flapping) {
          String status = ready.apply(entry.getKey());
          if (status != null) {
            out.add(
                new NodeEvent(
                    NodeEventType.SETTLED,
                    cluster,
                    entry.getKey(),
                    READY,
                    h.statusBefore,
                    status,
                    now,
                    rv.apply(entry.getKey()),
                    false,
                    h.countWhileFlapping));
          }
        }
      }
    }
    return out;
  }

  /** Nodes flapping now (tests, snapshots). */
  boolean flapping(String node) {
    History h = nodes.get(node);
    return h != null && h.flapping;
  }
}
