package dev.knm.watch;

/**
 * Receives a {@link WatchEngine}'s events, on the thread of the cluster's informer, one cluster's
 * events in order. A listener that blocks holds that informer back (it stops reading its watch
 * until the listener returns): that is how a slow consumer applies backpressure instead of losing
 * events (see {@link EventQueue}). It must not throw; what it throws is logged and dropped.
 */
@FunctionalInterface
public interface WatchListener {
  void onEvent(WatchEvent event);
}
