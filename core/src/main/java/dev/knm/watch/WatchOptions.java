package dev.knm.watch;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link WatchEngine} watches.
 *
 * @param labelSelector nodes to watch (null: all)
 * @param flaps when a node counts as flapping
 * @param backoffBase first delay after a failed list or watch (doubles up to {@code backoffMax})
 * @param backoffMax longest delay between attempts
 * @param watchTimeout each watch asks the server to end it after a random time between this and
 *     twice this (as client-go does, so that many clients do not re-watch in step); a read that
 *     waits 30 s longer than that for data counts as a dead connection
 * @param resync relist this often and report what differs as catch-up changes (zero: never)
 * @param listConcurrency clusters listing at the same time (a relist of a big cluster holds a page
 *     of nodes in memory; many at once after a network blip would add up)
 * @param tick how often flapping nodes are checked for settling and resyncs come due
 */
public record WatchOptions(
    String labelSelector,
    FlapPolicy flaps,
    Duration backoffBase,
    Duration backoffMax,
    Duration watchTimeout,
    Duration resync,
    int listConcurrency,
    Duration tick) {

  public WatchOptions {
    Objects.requireNonNull(flaps, "flaps");
    if (backoffBase.isNegative()
        || backoffBase.isZero()
        || backoffMax.compareTo(backoffBase) < 0
        || watchTimeout.getSeconds() < 1
        || resync.isNegative()
        || listConcurrency < 1
        || tick.isNegative()
        || tick.isZero()) {
      throw new IllegalArgumentException("bad watch options");
    }
  }

  /** 1 s → 30 s backoff, 5–10 min watches, no resync, 8 lists at once, flap detection on. */
  public static WatchOptions defaults() {
    return new WatchOptions(
        null,
        FlapPolicy.DEFAULT,
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        Duration.ofMinutes(5),
        Duration.ZERO,
        8,
        Duration.ofSeconds(1));
  }

  public WatchOptions withLabelSelector(String selector) {
    return new WatchOptions(
        selector, flaps, backoffBase, backoffMax, watchTimeout, resync, listConcurrency, tick);
  }

  public WatchOptions withFlaps(FlapPolicy policy) {
    return new WatchOptions(
        labelSelector,
        policy,
        backoffBase,
        backoffMax,
        watchTimeout,
        resync,
        listConcurrency,
        tick);
  }

  public WatchOptions withBackoff(Duration base, Duration max) {
    return new WatchOptions(
        labelSelector, flaps, base, max, watchTimeout, resync, listConcurrency, tick);
  }

  public WatchOptions withWatchTimeout(Duration timeout) {
    return new WatchOptions(
        labelSelector, flaps, backoffBase, backoffMax, timeout, resync, listConcurrency, tick);
  }

  public WatchOptions withResync(Duration every) {
    return new WatchOptions(
        labelSelector, flaps, backoffBase, backoffMax, watchTimeout, every, listConcurrency, tick);
  }

  public WatchOptions withListConcurrency(int n) {
    return new WatchOptions(
        labelSelector, flaps, backoffBase, backoffMax, watchTimeout, resync, n, tick);
  }

  public WatchOptions withTick(Duration every) {
    return new WatchOptions(
        labelSelector,
        flaps,
        backoffBase,
        backoffMax,
        watchTimeout,
        resync,
        listConcurrency,
        every);
  }
}
