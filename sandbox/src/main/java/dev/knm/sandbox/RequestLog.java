package dev.knm.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** Every API request the sandbox answered, for tests to assert on. */
public final class RequestLog {
  /**
   * One request: verb (HTTP method), path without query, raw query (may be null), status, and the
   * response's Content-Encoding ({@code gzip}, or null when the body went out as is).
   */
  public record Entry(
      String method, String path, String query, int status, String contentEncoding) {
    Entry(String method, String path, String query, int status) {
      this(method, path, query, status, null);
    }

    public boolean hasParam(String name) {
      return query != null && ("&" + query).contains("&" + name + "=");
    }
  }

  private static final int MAX = 200_000;
  private final ConcurrentLinkedQueue<Entry> entries = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();

  void add(Entry e) {
    entries.add(e);
    if (size.incrementAndGet() > MAX) {
      entries.poll();
      size.decrementAndGet();
    }
  }

  public List<Entry> entries() {
    return new ArrayList<>(entries);
  }

  public long count(Predicate<Entry> p) {
    return entries.stream().filter(p).count();
  }

  /** Requests counted by "METHOD path". */
  public Map<String, Integer> counts() {
    Map<String, Integer> m = new TreeMap<>();
    for (Entry e : entries) {
      m.merge(e.method + " " + e.path, 1, Integer::sum);
    }
    return m;
  }

  /**
   * Eviction POSTs per pod ("namespace/name"), whatever their answer (201, 429, 500...), sorted by
   * pod.
   */
  public Map<String, Integer> evictionsPerPod() {
    Map<String, Integer> m = new TreeMap<>();
    for (Entry e : entries) {
      String[] seg = e.path.split("/");
      // /api/v1/namespaces/NS/pods/NAME/eviction
      if (e.method.equals("POST")
          && seg.length == 8
          && seg[3].equals("namespaces")
          && seg[5].equals("pods")
          && seg[7].equals("eviction")) {
        m.merge(seg[4] + "/" + seg[6], 1, Integer::sum);
      }
    }
    return m;
  }

  public void clear() {
    entries.clear();
    size.set(0);
  }
}
