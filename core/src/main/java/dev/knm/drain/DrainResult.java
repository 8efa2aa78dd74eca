package dev.knm.drain;

import dev.knm.drain.DrainEvent.FailureKind;
import java.util.List;

/**
 * How a drain command ended, node by node, and its {@link Verdict}: what the cli turns into an exit
 * code. A dry run's outcomes are the ones a real run is expected to have; {@code drainId} is null
 * for it.
 */
public record DrainResult(String drainId, List<NodeOutcome> nodes, boolean dryRun) {

  /** The command's overall result. */
  public enum Verdict {
    /** Every node drained. */
    DRAINED,
    /** Some nodes drained, some not. */
    PARTIAL,
    /** No node drained, and what stopped them all was a disruption budget at the timeout. */
    BLOCKED,
    /** No node drained, and every one was unreachable. */
    UNREACHABLE,
    /** Interrupted: the journal is kept for --resume. */
    INTERRUPTED,
    /** No node drained for another reason (kubectl's filters, a failed eviction, a timeout). */
    FAILED
  }

  public DrainResult {
    nodes = List.copyOf(nodes);
  }

  public List<String> drained() {
    return nodes.stream().filter(NodeOutcome::drained).map(NodeOutcome::node).toList();
  }

  public List<String> failed() {
    return nodes.stream().filter(n -> !n.drained()).map(NodeOutcome::node).toList();
  }

  public Verdict verdict() {
    if (nodes.stream().anyMatch(n -> n.failure() == FailureKind.INTERRUPTED)) {
      return Verdict.INTERRUPTED;
    }
    long ok = nodes.stream().filter(NodeOutcome::drained).count();
    if (ok == nodes.size()) {
      return Verdict.DRAINED;
    }
    if (ok > 0) {
      return Verdict.PARTIAL;
    }
    if (nodes.stream().allMatch(n -> n.failure() == FailureKind.PDB_TIMEOUT)) {
      return Verdict.BLOCKED;
    }
    if (nodes.stream().allMatch(n -> n.failure() == FailureKind.UNREACHABLE)) {
      return Verdict.UNREACHABLE;
    }
    return Verdict.FAILED;
  }
}
