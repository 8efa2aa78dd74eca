package dev.knm.watch;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded queue between the informers and one slow consumer (a terminal, a pipe, the store):
 * {@link #onEvent} waits while it is full, which holds the informers back (they stop reading their
 * watches, so nothing is lost and memory stays bounded; a watch the server then closes is resumed,
 * or listed again with catch-up changes). {@link #close()} releases every waiting informer and
 * drops what comes after, so that a consumer that has gone away never blocks the engine's stop.
 */
public final class EventQueue implements WatchListener, AutoCloseable {
  private final ArrayBlockingQueue<WatchEvent> queue;
  private volatile boolean closed;

  public EventQueue(int capacity) {
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  @Override
  public void onEvent(WatchEvent event) {
    try {
      while (!closed) {
        if (queue.offer(event, 100, TimeUnit.MILLISECONDS)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the informer is being stopped
    }
  }

  /** The next event, or null when none came within {@code wait} (or the queue is closed). */
  public WatchEvent poll(Duration wait) throws InterruptedException {
    if (closed && queue.isEmpty()) {
      return null;
    }
    return queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Events waiting. */
  public int size() {
    return queue.size();
  }

  public boolean closed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
  }
}
