package dev.knm.cli.node;

import dev.knm.cli.ExitCodes;
import dev.knm.drain.DrainEvent.FailureKind;
import dev.knm.drain.DrainResult;

/** Drain's exit codes (docs/exit-codes.md). */
final class DrainExit {
  private DrainExit() {}

  static int of(DrainResult.Verdict v) {
    return switch (v) {
      case DRAINED -> ExitCodes.OK;
      case PARTIAL -> ExitCodes.PARTIAL;
      case BLOCKED -> ExitCodes.DRAIN_BLOCKED;
      case UNREACHABLE -> ExitCodes.UNREACHABLE;
      case INTERRUPTED -> ExitCodes.INTERRUPTED;
      case FAILED -> ExitCodes.ERROR;
    };
  }

  /** What one node's failure would make the exit code, were it the only node. */
  static int of(FailureKind k) {
    if (k == null) {
      return ExitCodes.OK;
    }
    return switch (k) {
      case PDB_TIMEOUT -> ExitCodes.DRAIN_BLOCKED;
      case UNREACHABLE -> ExitCodes.UNREACHABLE;
      case INTERRUPTED -> ExitCodes.INTERRUPTED;
      default -> ExitCodes.ERROR;
    };
  }

  /** The audit log's outcome word for a verdict. */
  static String outcome(DrainResult.Verdict v) {
    return switch (v) {
      case DRAINED -> "ok";
      case PARTIAL -> "partial";
      case BLOCKED -> "blocked";
      case UNREACHABLE -> "unreachable";
      case INTERRUPTED -> "interrupted";
      case FAILED -> "failed";
    };
  }
}
