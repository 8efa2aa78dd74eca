package dev.knm.cli.watch;

import dev.knm.watch.ConnectionEvent;
import dev.knm.watch.ConnectionState;
import dev.knm.watch.NodeEvent;
import dev.knm.watch.WatchEvent;

/**
 * A watch event in words, for the screen's log: a node change as {@link EventText#change} words it
 * ("cordoned", "label team: a → b"), a connection change without the cluster's name (the log has a
 * column for it): "reconnecting: connection refused (retry in 4s)".
 */
final class ChangeText {
  private ChangeText() {}

  /** What happened, without time, cluster or node. */
  static String of(WatchEvent e) {
    return e instanceof NodeEvent n ? node(n) : connection((ConnectionEvent) e);
  }

  /** A node change as `knm watch` prints it (one wording for the lines and the screen). */
  static String node(NodeEvent e) {
    return EventText.change(e, null);
  }

  static String connection(ConnectionEvent e) {
    StringBuilder sb = new StringBuilder(e.to().wire());
    if (e.to() == ConnectionState.SYNCED) {
      sb.append(": ").append(e.nodes()).append(" nodes, ").append(e.ready()).append(" Ready");
      if (e.catchUp() > 0) {
        sb.append(", ").append(e.catchUp()).append(" catch-up changes");
      }
    } else if (e.error() != null) {
      sb.append(": ").append(e.error());
    }
    if (e.retryIn() != null) {
      sb.append(" (retry in ").append(seconds(e.retryIn().toMillis())).append(")");
    }
    return sb.toString();
  }

  private static String seconds(long millis) {
    return millis < 1000 ? millis + "ms" : (millis + 500) / 1000 + "s";
  }
}
