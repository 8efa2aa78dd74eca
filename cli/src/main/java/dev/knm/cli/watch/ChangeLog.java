package dev.knm.cli.watch;

import dev.knm.watch.WatchEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The screen's scrolling change log: the last {@code capacity} events, oldest first, each with its
 * text made once. What scrolls off is gone from the screen (the ndjson output and --record are the
 * complete records).
 */
final class ChangeLog {
  record Entry(WatchEvent event, String text) {}

  private final int capacity;
  private final ArrayDeque<Entry> entries;
  private long total;

  ChangeLog(int capacity) {
    this.capacity = capacity;
    this.entries = new ArrayDeque<>(Math.min(capacity, 1024));
  }

  void add(WatchEvent e) {
    if (entries.size() == capacity) {
      entries.removeFirst();
    }
    entries.addLast(new Entry(e, ChangeText.of(e)));
    total++;
  }

  /** The entries held, oldest first. */
  List<Entry> entries() {
    return new ArrayList<>(entries);
  }

  /** Events added since the start, including those that scrolled off. */
  long total() {
    return total;
  }
}
