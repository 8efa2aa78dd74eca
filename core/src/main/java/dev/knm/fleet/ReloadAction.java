package dev.knm.fleet;

import java.util.Locale;

/** What an instance did when asked to reload a cluster. */
public enum ReloadAction {
  /** The cluster was not watched here and is now: its informer started. */
  STARTED,
  /** The cluster changed in the store (or its informer was unhealthy): its informer restarted. */
  RESTARTED,
  /** The cluster is gone from the store: its informer stopped. */
  STOPPED,
  /** The informer already runs the stored version: nothing to do. */
  UNCHANGED,
  /** The cluster is in the store but this instance does not watch it (started with -c). */
  NOT_WATCHED;

  /** The wire and log form: started, restarted, stopped, unchanged, not-watched. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static ReloadAction ofLabel(String label) {
    for (ReloadAction a : values()) {
      if (a.label().equals(label)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown reload action '" + label + "'");
  }
}
