package dev.knm.watch;

import java.time.Duration;

/**
 * When a node counts as flapping: its Ready status changed more than {@code threshold} times within
 * {@code window}. It is then reported once ({@link NodeEventType#FLAPPING}, with the count) instead
 * of change by change, and once more ({@link NodeEventType#SETTLED}) after a whole window without a
 * change. A threshold of 0 turns detection off (every change is reported).
 */
public record FlapPolicy(int threshold, Duration window) {
  public static final FlapPolicy DEFAULT = new FlapPolicy(4, Duration.ofMinutes(5));
  public static final FlapPolicy OFF = new FlapPolicy(0, Duration.ofMinutes(5));

  public FlapPolicy {
    if (threshold < 0) {
      throw new IllegalArgumentException("threshold must not be negative");
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive");
    }
  }

  public boolean enabled() {
    return threshold > 0;
  }
}
