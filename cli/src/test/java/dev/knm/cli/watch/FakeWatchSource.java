package dev.knm.cli.watch;

import dev.knm.watch.ClusterSnapshot;
import dev.knm.watch.WatchEngine;
import dev.knm.watch.WatchEvent;
import dev.knm.watch.WatchListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A watch engine's stand-in: snapshots set by the test, events emitted by the test. */
final class FakeWatchSource implements WatchSource {
  private volatile List<ClusterSnapshot> snapshots;
  private final List<WatchListener> listeners = new CopyOnWriteArrayList<>();
  volatile RuntimeException failure;

  FakeWatchSource(List<ClusterSnapshot> snapshots) {
    this.snapshots = List.copyOf(snapshots);
  }

  void set(List<ClusterSnapshot> s) {
    snapshots = List.copyOf(s);
  }

  void emit(WatchEvent e) {
    for (WatchListener l : listeners) {
      l.onEvent(e);
    }
  }

  int listeners() {
    return listeners.size();
  }

  @Override
  public List<ClusterSnapshot> snapshots() {
    RuntimeException f = failure;
    if (f != null) {
      throw f;
    }
    return snapshots;
  }

  @Override
  public WatchEngine.Subscription subscribe(WatchListener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }
}
