package dev.knm.cli.watch;

import dev.knm.watch.ClusterSnapshot;
import dev.knm.watch.WatchEngine;
import dev.knm.watch.WatchListener;
import java.util.List;

/**
 * What the interactive screen reads: the watched clusters' cached state and their event stream. A
 * {@link WatchEngine} in the cli; a fake in tests.
 */
public interface WatchSource {
  /** Every watched cluster, in start order (no API call). */
  List<ClusterSnapshot> snapshots();

  /** Delivers every event from now on; must not block the caller (see {@link WatchListener}). */
  WatchEngine.Subscription subscribe(WatchListener listener);

  static WatchSource of(WatchEngine engine) {
    return new WatchSource() {
      @Override
      public List<ClusterSnapshot> snapshots() {
        return engine.snapshots();
      }

      @Override
      public WatchEngine.Subscription subscribe(WatchListener listener) {
        return engine.subscribe(listener);
      }
    };
  }
}
