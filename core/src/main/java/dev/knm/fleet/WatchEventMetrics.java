package dev.knm.fleet;

import dev.knm.watch.ConnectionEvent;
import dev.knm.watch.ConnectionState;
import dev.knm.watch.NodeEvent;
import dev.knm.watch.WatchEvent;
import dev.knm.watch.WatchListener;

/**
 * Counts the watch's events into the metrics: each significant node change by cluster and kind, and
 * each recovery from a reconnecting state. (API calls and their errors are counted where they are
 * made: {@link FleetMetrics#apiCall}.) Never blocks.
 */
public final class WatchEventMetrics implements WatchListener {
  private final FleetMetrics metrics;

  public WatchEventMetrics(FleetMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void onEvent(WatchEvent event) {
    if (event instanceof NodeEvent n) {
      metrics.nodeChange(n.cluster(), n.type().wire());
    } else if (event instanceof ConnectionEvent c) {
      if (c.to() == ConnectionState.SYNCED && c.from() == ConnectionState.RECONNECTING) {
        metrics.reconnect(c.cluster());
      }
    }
  }
}
