package dev.knm.drain;

/**
 * Whether a pod's DaemonSet still exists (kubectl drain asks the API server for it): null when it
 * does, else the error as the API server words it ({@code daemonsets.apps "x" not found}).
 */
@FunctionalInterface
public interface DaemonSets {
  /** The lookup's outcome. */
  record Lookup(boolean notFound, String error) {
    static final Lookup FOUND = new Lookup(false, null);
  }

  Lookup find(String namespace, String name);
}
