package dev.knm.watch;

import java.util.HashMap;

/**
 * Hands out one instance per distinct string, so that a cache of thousands of nodes holds each
 * shared value (label values, condition reasons and messages, transition times, versions) once. One
 * per informer and used by its thread only; replaced on every relist, and cleared when it outgrows
 * {@code limit} (sharing then starts again), so that values no node has any more do not pile up.
 */
final class StringPool {
  private final HashMap<String, String> pool = new HashMap<>();
  private final int limit;

  StringPool(int limit) {
    this.limit = limit;
  }

  String of(String s) {
    String p = pool.putIfAbsent(s, s);
    if (p != null) {
      return p;
    }
    if (pool.size() > limit) {
      pool.clear();
    }
    return s;
  }

  int size() {
    return pool.size();
  }
}
