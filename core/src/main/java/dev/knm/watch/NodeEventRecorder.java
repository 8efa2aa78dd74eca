package dev.knm.watch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the node events a watch publishes to the store ({@link NodeHistory}) in batches: every
 * {@code flushEvery} whatever has arrived (up to {@code maxBatch} a transaction), so that a burst
 * of changes costs a few transactions, not one each. {@link #close()} writes what is left.
 *
 * <p>Recording never holds the watch back: if the store is slower than the changes (or down) and
 * {@code capacity} events are waiting, further events are not recorded (counted in {@link
 * #dropped()}, with a warning), while the watch's own output goes on. A failed write is retried at
 * the next flush.
 */
public final class NodeEventRecorder implements WatchListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeEventRecorder.class);

  private final NodeHistory history;
  private final Duration flushEvery;
  private final int maxBatch;
  private final ArrayBlockingQueue<NodeEvent> queue;
  private final List<NodeEvent> pending = new ArrayList<>();
  private final Thread thread;
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong transactions = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean closing;
  private volatile String lastError;

  public NodeEventRecorder(NodeHistory history, Duration flushEvery, int maxBatch, int capacity) {
    this.history = history;
    this.flushEvery = flushEvery;
    this.maxBatch = maxBatch;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.thread = new Thread(this::run, "knm-record");
    thread.setDaemon(true);
    thread.start();
  }

  /** One second, 1,000 events a transaction, 100,000 waiting at most. */
  public static NodeEventRecorder standard(NodeHistory history) {
    return new NodeEventRecorder(history, Duration.ofSeconds(1), 1000, 100_000);
  }

  @Override
  public void onEvent(WatchEvent event) {
    if (event instanceof NodeEvent e && !queue.offer(e)) {
      if (dropped.getAndIncrement() % 1000 == 0) {
        LOG.warn("recording falls behind the changes: {} not recorded so far", dropped.get());
      }
    }
  }

  private void run() {
    while (!closing) {
      try {
        Thread.sleep(flushEvery.toMillis());
      } catch (InterruptedException e) {
        break; // closing: close() writes the rest
      }
      flush();
    }
  }

  /** Writes what has arrived, a batch a transaction; a failure keeps the batch for next time. */
  private synchronized void flush() {
    while (true) {
      if (pending.isEmpty()) {
        queue.drainTo(pending, maxBatch);
      }
      if (pending.isEmpty()) {
        return;
      }
      try {
        written.addAndGet(history.append(pending));
        transactions.incrementAndGet();
        pending.clear();
        lastError = null;
      } catch (RuntimeException e) {
        String m = e.getMessage();
        if (!String.valueOf(m).equals(lastError)) {
          LOG.warn("recording node events failed (will retry): {}", m);
        }
        lastError = String.valueOf(m);
        return;
      }
    }
  }

  public long written() {
    return written.get();
  }

  /** How many transactions the writes took. */
  public long transactions() {
    return transactions.get();
  }

  public long dropped() {
    return dropped.get();
  }

  /** Stops the flushing thread and writes what is left (waiting at most {@code wait} for it). */
  public void close(Duration wait) {
    closing = true;
    thread.interrupt();
    try {
      thread.join(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flush();
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }

  /** Waits until nothing is waiting to be written (tests), at most {@code timeout}. */
  boolean awaitIdle(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      synchronized (this) {
        if (queue.isEmpty() && pending.isEmpty()) {
          return true;
        }
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    return false;
  }
}
