package dev.knm.watch;

/** Where a cluster's informer is. */
public enum ConnectionState {
  /** Listing for the first time. */
  CONNECTING("connecting"),
  /** Listed, and watching (a dropped watch that resumes at once stays here). */
  SYNCED("synced"),
  /** The last attempt to list or watch failed; retrying with backoff. */
  RECONNECTING("reconnecting"),
  /** The cluster cannot be watched at all (its stored kubeconfig is unusable); no retries. */
  FAILED("failed"),
  /** Stopped on request. */
  STOPPED("stopped");

  private final String wire;

  ConnectionState(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }
}
