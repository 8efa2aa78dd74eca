package dev.knm.drain;

import java.util.List;

/**
 * How one node's drain ended: drained, or the reason it was not, with the pods and budgets that
 * still blocked it.
 */
public record NodeOutcome(
    String node,
    boolean drained,
    DrainEvent.FailureKind failure,
    String message,
    List<DrainEvent.Blocker> blockers,
    List<PodRef> pending,
    int evicted) {

  static NodeOutcome drained(String node, int evicted) {
    return new NodeOutcome(node, true, null, null, List.of(), List.of(), evicted);
  }

  static NodeOutcome failed(
      String node,
      DrainEvent.FailureKind kind,
      String message,
      List<DrainEvent.Blocker> blockers,
      List<PodRef> pending,
      int evicted) {
    return new NodeOutcome(node, false, kind, message, blockers, pending, evicted);
  }
}
