package dev.knm.drain;

import dev.knm.error.KnmException;

/** Another drain holds a node's lock (its Lease in the cluster): nothing was changed. Exit 1. */
public final class DrainLockedException extends KnmException {
  public DrainLockedException(String message) {
    super(message);
  }
}
