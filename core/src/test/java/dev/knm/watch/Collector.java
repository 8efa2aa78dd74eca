package dev.knm.watch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Collects what an engine publishes, for tests to wait on and read. */
final class Collector implements WatchListener {
  final List<WatchEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public void onEvent(WatchEvent event) {
    events.add(event);
  }

  List<NodeEvent> nodeEvents() {
    List<NodeEvent> out = new ArrayList<>();
    for (WatchEvent e : events) {
      if (e instanceof NodeEvent n) {
        out.add(n);
      }
    }
    return out;
  }

  List<ConnectionEvent> connectionEvents(String cluster) {
    List<ConnectionEvent> out = new ArrayList<>();
    for (WatchEvent e : events) {
      if (e instanceof ConnectionEvent c && c.cluster().equals(cluster)) {
        out.add(c);
      }
    }
    return out;
  }

  /** Waits until an event matches; fails the test after {@code timeout}. */
  WatchEvent await(Predicate<WatchEvent> match, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      for (WatchEvent e : events) {
        if (match.test(e)) {
          return e;
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no matching event within " + timeout + "; got " + events);
  }

  /** "type field old->new" of every node event, in order. */
  static String brief(NodeEvent e) {
    return e.node()
        + " "
        + e.type().wire()
        + (e.field() == null ? "" : " " + e.field())
        + " "
        + e.oldValue()
        + "->"
        + e.newValue()
        + (e.catchUp() ? " (catch-up)" : "");
  }
}
