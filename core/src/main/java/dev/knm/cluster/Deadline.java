package dev.knm.cluster;

import java.time.Duration;
import java.util.Objects;

/**
 * The one time limit of a command that talks to clusters: a budget counted from a start instant
 * (the command's start, so time spent opening the store counts too). Requests are bounded by what
 * is left ({@link #bound}), retries happen only while something is left, and a fan-out over
 * clusters stops waiting for a cluster once its deadline has passed. {@link #none()} never expires
 * (long-running modes, tests of other things).
 *
 * <p>Measured with {@link System#nanoTime()}: wall-clock changes do not move it.
 */
public final class Deadline {
  private static final Deadline NONE = new Deadline(0, null);

  private final long startNanos;
  private final Duration budget; // null: none

  private Deadline(long startNanos, Duration budget) {
    this.startNanos = startNanos;
    this.budget = budget;
  }

  /** A deadline {@code budget} after {@code startNanos} (a {@link System#nanoTime()} value). */
  public static Deadline of(long startNanos, Duration budget) {
    Objects.requireNonNull(budget, "budget");
    if (budget.isNegative() || budget.isZero()) {
      throw new IllegalArgumentException("a deadline's budget must be positive");
    }
    return new Deadline(startNanos, budget);
  }

  /** A deadline {@code budget} from now. */
  public static Deadline in(Duration budget) {
    return of(System.nanoTime(), budget);
  }

  /** No deadline at all. */
  public static Deadline none() {
    return NONE;
  }

  public boolean bounded() {
    return budget != null;
  }

  /** The whole budget, as given (for messages: "no answer within the deadline of 2s"). */
  public Duration budget() {
    if (budget == null) {
      throw new IllegalStateException("no deadline");
    }
    return budget;
  }

  /** What is left; zero once passed. Unbounded: a very long time. */
  public Duration remaining() {
    if (budget == null) {
      return Duration.ofNanos(Long.MAX_VALUE);
    }
    long left = budget.toNanos() - (System.nanoTime() - startNanos);
    return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
  }

  public boolean expired() {
    return budget != null && remaining().isZero();
  }

  /** {@code timeout}, or what is left of this deadline when that is shorter. */
  public Duration bound(Duration timeout) {
    Duration left = remaining();
    return left.compareTo(timeout) < 0 ? left : timeout;
  }

  /** Whether {@code timeout} would be cut short by this deadline. */
  public boolean cuts(Duration timeout) {
    return budget != null && remaining().compareTo(timeout) < 0;
  }

  /** The {@link System#nanoTime()} at which it passes; {@link Long#MAX_VALUE} when unbounded. */
  long expiryNanos() {
    return budget == null ? Long.MAX_VALUE : startNanos + budget.toNanos();
  }

  /** "30s", "1m30s", "250ms": how durations read in messages. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 1000 != 0) {
      return ms + "ms";
    }
    long s = ms / 1000;
    if (s < 60 || s % 60 != 0 && s < 120) {
      return s + "s";
    }
    return s % 60 == 0 ? (s / 60) + "m" : (s / 60) + "m" + (s % 60) + "s";
  }

  @Override
  public String toString() {
    return budget == null ? "Deadline[none]" : "Deadline[" + budget + ", left " + remaining() + "]";
  }
}
