package dev.knm.cli.watch;

import dev.knm.watch.ConnectionEvent;
import dev.knm.watch.ConnectionState;
import dev.knm.watch.NodeEvent;
import dev.knm.watch.WatchEvent;

/**
 * A watch event in words, for the screen: "cordoned", "label-changed team a -> b", "reconnecting:
 * connection refused (retry in 4s)". ASCII only, so that it reads the same in any locale.
 */
final class ChangeText {
  private ChangeText() {}

  /** What happened, without time, cluster or node. */
  static String of(WatchEvent e) {
    return e instanceof NodeEvent n ? node(n) : connection((ConnectionEvent) e);
  }

  static String node(NodeEvent e) {
    String text =
        switch (e.type()) {
          case ADDED -> "added (" + value(e.newValue()) + ")";
          case REMOVED -> "removed";
          case CORDONED, UNCORDONED -> e.type().wire();
          case FLAPPING -> "flapping: Ready changed " + e.count() + " times";
          case SETTLED ->
              "settled: Ready " + value(e.newValue()) + " after " + e.count() + " changes";
          default ->
              e.type().wire()
                  + " "
                  + e.field()
                  + " "
                  + value(e.oldValue())
                  + " -> "
                  + value(e.newValue());
        };
    return e.catchUp() ? text + " (catch-up)" : text;
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

  private static String value(String v) {
    if (v == null) {
      return "<none>";
    }
    return v.isEmpty() ? "\"\"" : v;
  }

  private static String seconds(long millis) {
    return millis < 1000 ? millis + "ms" : (millis + 500) / 1000 + "s";
  }
}
