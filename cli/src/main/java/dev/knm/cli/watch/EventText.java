package dev.knm.cli.watch;

import dev.knm.kube.transport.TimeoutTier;
import dev.knm.watch.ConnectionEvent;
import dev.knm.watch.ConnectionState;
import dev.knm.watch.NodeEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How a watch's events read for people: one line per change, messages for connection changes. */
public final class EventText {
  static final String ARROW = " → ";

  private EventText() {}

  /** "TIME CLUSTER NODE CHANGE", flapping counted over {@code flapWindow}. */
  static String line(NodeEvent e, Duration flapWindow) {
    return time(e.time()) + "  " + e.cluster() + "  " + e.node() + "  " + change(e, flapWindow);
  }

  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

  /** RFC 3339 UTC with milliseconds, always 24 characters (2026-11-23T10:15:02.120Z). */
  public static String time(Instant t) {
    return MILLIS.format(t);
  }

  /** What changed, old → new; {@code flapWindow} is named when known (null: not). */
  public static String change(NodeEvent e, Duration flapWindow) {
    String f = e.field();
    String o = e.oldValue();
    String n = e.newValue();
    String text =
        switch (e.type()) {
          case ADDED -> "added (" + n + ")";
          case REMOVED -> "removed (was " + o + ")";
          case CORDONED -> "cordoned";
          case UNCORDONED -> "uncordoned";
          case LABEL_ADDED -> "label " + f + "=" + n + " added";
          case LABEL_REMOVED -> "label " + f + "=" + o + " removed";
          case LABEL_CHANGED -> "label " + f + ": " + o + ARROW + n;
          case TAINT_ADDED -> "taint " + taint(f, n) + " added";
          case TAINT_REMOVED -> "taint " + taint(f, o) + " removed";
          case TAINT_CHANGED -> "taint " + f + ": " + o + ARROW + n;
          case CONDITION ->
              (f.endsWith(".reason") ? f.substring(0, f.length() - 7) + " reason" : f)
                  + ": "
                  + orNone(o)
                  + ARROW
                  + orNone(n);
          case CAPACITY -> "capacity " + f + ": " + o + ARROW + n;
          case ALLOCATABLE -> "allocatable " + f + ": " + o + ARROW + n;
          case KUBELET_VERSION -> "kubelet " + o + ARROW + n;
          case FLAPPING ->
              "flapping: Ready changed "
                  + e.count()
                  + " times"
                  + (flapWindow == null ? "" : " within " + TimeoutTier.format(flapWindow))
                  + " ("
                  + orNone(o)
                  + ARROW
                  + orNone(n)
                  + ")";
          case SETTLED -> "settled: Ready " + orNone(n) + " after " + e.count() + " changes";
        };
    return e.catchUp() ? text + " (catch-up)" : text;
  }

  /** kubectl's taint syntax: key=value:Effect, or key:Effect without a value. */
  private static String taint(String keyEffect, String value) {
    int colon = keyEffect.lastIndexOf(':');
    if (value == null || value.isEmpty() || colon < 0) {
      return keyEffect;
    }
    return keyEffect.substring(0, colon) + "=" + value + keyEffect.substring(colon);
  }

  private static String orNone(String s) {
    return s == null ? "<none>" : s;
  }

  /** A connection change as a message for stderr, or null when it is not worth one. */
  static String connection(ConnectionEvent e) {
    String c = "cluster " + e.cluster() + ": ";
    return switch (e.to()) {
      case SYNCED -> {
        String counts =
            e.nodes() + (e.nodes() == 1 ? " node" : " nodes") + " (" + e.ready() + " Ready)";
        if (e.from() == ConnectionState.CONNECTING) {
          yield c + "synced, " + counts;
        }
        if (e.from() == ConnectionState.RECONNECTING && e.catchUp() == 0) {
          yield c + "reconnected, " + counts;
        }
        yield c
            + "listed again, "
            + counts
            + ", "
            + e.catchUp()
            + (e.catchUp() == 1 ? " change" : " changes")
            + " while away";
      }
      case RECONNECTING ->
          c
              + "reconnecting: "
              + e.error()
              + (e.retryIn() == null ? "" : " (retry in " + seconds(e.retryIn()) + ")");
      case FAILED -> c + e.error();
      case STOPPED -> c + "stopped";
      case CONNECTING -> null;
    };
  }

  private static String seconds(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
  }
}
