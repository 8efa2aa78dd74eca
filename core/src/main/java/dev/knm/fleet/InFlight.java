package dev.knm.fleet;

import java.time.Duration;

/**
 * Counts the requests being worked on, so that a shutdown lets them finish: after {@link #close()}
 * no new one is admitted, and {@link #awaitIdle} waits for those already in.
 */
public final class InFlight {
  private int active;
  private boolean closed;

  /** Admits one request; false once closed (the caller answers 503). */
  public synchronized boolean enter() {
    if (closed) {
      return false;
    }
    active++;
    return true;
  }

  public synchronized void exit() {
    active--;
    notifyAll();
  }

  public synchronized void close() {
    closed = true;
  }

  public synchronized boolean closed() {
    return closed;
  }

  public synchronized int active() {
    return active;
  }

  /** Waits until no request is in flight, at most {@code timeout}; true when idle. */
  public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (active > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }
}
