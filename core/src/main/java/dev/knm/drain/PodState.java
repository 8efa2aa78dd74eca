package dev.knm.drain;

/** A pod's state in the drain journal. */
public enum PodState {
  /** To be evicted. */
  PENDING,
  /** Its eviction was (about to be) sent: written before the request, so a resumed drain knows. */
  EVICTING,
  /** A disruption budget refused its eviction; tried again. */
  BLOCKED,
  /** Gone (or replaced), or no longer waited for. */
  GONE;

  public String db() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static PodState of(String db) {
    return valueOf(db.toUpperCase(java.util.Locale.ROOT));
  }
}
