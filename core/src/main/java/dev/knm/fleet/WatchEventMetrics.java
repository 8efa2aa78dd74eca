package dev.knm.fleet;

import dev.knm.watch.ConnectionEvent;
import dev.knm.watch.ConnectionState;
import dev.knm.watch.NodeEvent;
import dev.knm.watch.WatchEvent;
import dev.knm.watch.WatchListener;

/**
 * Counts the watch's events into the metrics: each significant node change by cluster and kind,
 * each reconnect, and each failed list or watch as an API error by cluster. Never blocks.
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
      if (c.to() == ConnectionState.RECONNECTING || c.to() == ConnectionState.FAILED) {
        metrics.apiError(c.cluster(), reason(c.error()));
      }
      if (c.to() == ConnectionState.SYNCED && c.from() == ConnectionState.RECONNECTING) {
        metrics.reconnect(c.cluster());
      }
    }
  }

  /** A label value of few distinct values: the HTTP status, else the kind of failure. */
  static String reason(String error) {
    if (error == null) {
      return "unknown";
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?i)\\b(?:http|status|code)[ :]*([45]\\d\\d)\\b")
            .matcher(error);
    if (m.find()) {
      return m.group(1);
    }
    String e = error.toLowerCase(java.util.Locale.ROOT);
    if (e.contains("timed out") || e.contains("timeout")) {
      return "timeout";
    }
    if (e.contains("refused") || e.contains("unreachable") || e.contains("connect")) {
      return "connect";
    }
    if (e.contains("tls") || e.contains("certificate") || e.contains("handshake")) {
      return "tls";
    }
    return "other";
  }
}
