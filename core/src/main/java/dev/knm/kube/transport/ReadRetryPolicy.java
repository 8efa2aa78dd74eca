package dev.knm.kube.transport;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import dev.knm.cluster.Deadline;
import dev.knm.error.ErrorText;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one retry policy for reads (fabric8's own retry is switched off in {@link
 * KubeClientFactory}): exponential backoff from {@code baseDelay} (1 s) doubling up to {@code
 * maxDelay} (30 s), at most {@code maxRetries} (3) retries and {@code maxDuration} (2 min) in all,
 * on 429, 5xx and I/O errors (resets, refused connections). A Retry-After (header or Status
 * details) longer than the backoff is waited for instead. Each retry is logged at INFO. Never use
 * it for writes.
 *
 * <p>Timeouts and the command's {@link Deadline}: a read that timed out is retried at most once, at
 * once (it already waited its whole timeout, and a server that did not answer in that time rarely
 * answers the next time); one cut short by the deadline is not retried. No retry is scheduled whose
 * delay would reach past the deadline: the last failure is reported instead.
 */
public final class ReadRetryPolicy {
  private static final Logger LOG = LoggerFactory.getLogger(ReadRetryPolicy.class);

  public static final Duration DEFAULT_BASE_DELAY = Duration.ofSeconds(1);
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_RETRIES = 3;
  public static final Duration DEFAULT_MAX_DURATION = Duration.ofMinutes(2);

  private final Duration baseDelay;
  private final Duration maxDelay;
  private final int maxRetries;
  private final Duration maxDuration;

  public ReadRetryPolicy(
      Duration baseDelay, Duration maxDelay, int maxRetries, Duration maxDuration) {
    if (maxRetries < 0 || baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException("bad retry settings");
    }
    this.baseDelay = baseDelay;
    this.maxDelay = maxDelay;
    this.maxRetries = maxRetries;
    this.maxDuration = maxDuration;
  }

  /** Production: 1 s → 30 s, 3 retries, 2 minutes. */
  public static ReadRetryPolicy standard() {
    return new ReadRetryPolicy(
        DEFAULT_BASE_DELAY, DEFAULT_MAX_DELAY, DEFAULT_MAX_RETRIES, DEFAULT_MAX_DURATION);
  }

  /** Standard limits with another first delay (tests: a few milliseconds). */
  public static ReadRetryPolicy withBaseDelay(Duration baseDelay) {
    Duration max = baseDelay.multipliedBy(30);
    return new ReadRetryPolicy(baseDelay, max, DEFAULT_MAX_RETRIES, DEFAULT_MAX_DURATION);
  }

  /** No retries at all (probes). */
  public static ReadRetryPolicy none() {
    return new ReadRetryPolicy(Duration.ZERO, Duration.ZERO, 0, DEFAULT_MAX_DURATION);
  }

  public int maxRetries() {
    return maxRetries;
  }

  public Duration baseDelay() {
    return baseDelay;
  }

  /** How many times a read that timed out is tried in all: once more after the first timeout. */
  public static final int MAX_TIMED_OUT_ATTEMPTS = 2;

  /**
   * What a finished call did: its value or its last failure, how many retries it took, and whether
   * a retry was given up because the deadline left no time for it.
   */
  public record Outcome<T>(
      T value, RuntimeException failure, int retries, boolean deadlineReached) {
    public Outcome(T value, RuntimeException failure, int retries) {
      this(value, failure, retries, false);
    }
  }

  /** {@link #run(String, String, String, Deadline, Supplier)} without a deadline. */
  public <T> Outcome<T> run(String cluster, String method, String path, Supplier<T> attempt) {
    return run(cluster, method, path, Deadline.none(), attempt);
  }

  /**
   * Runs {@code attempt} until it succeeds, fails with something not retryable, or the limits (or
   * {@code deadline}) are reached. Never throws: the last failure is in the outcome.
   */
  public <T> Outcome<T> run(
      String cluster, String method, String path, Deadline deadline, Supplier<T> attempt) {
    AtomicInteger attempts = new AtomicInteger();
    AtomicInteger timeouts = new AtomicInteger();
    AtomicBoolean deadlineReached = new AtomicBoolean();
    AtomicReference<RuntimeException> last = new AtomicReference<>();
    RetryPolicy<T> policy =
        RetryPolicy.<T>builder()
            .handleIf((T r, Throwable e) -> e != null && retryable(e))
            .abortIf(
                (T r, Throwable e) -> {
                  if (e instanceof KubeTimeoutException t
                      && (t.byDeadline() || timeouts.get() >= MAX_TIMED_OUT_ATTEMPTS)) {
                    return true;
                  }
                  if (e != null
                      && retryable(e)
                      && attempts.get() <= maxRetries
                      && deadline.bounded()
                      && delayFor(attempts.get(), e).compareTo(deadline.remaining()) >= 0) {
                    deadlineReached.set(true);
                    return true;
                  }
                  return false;
                })
            .withMaxRetries(maxRetries)
            .withMaxDuration(maxDuration)
            .withDelayFn(ctx -> delayFor(attempts.get(), last.get()))
            .onRetryScheduled(
                e ->
                    LOG.info(
                        "cluster {}: {} {} failed ({}), retry {}/{} in {}",
                        cluster,
                        method,
                        path,
                        cause(e.getLastException()),
                        attempts.get(),
                        maxRetries,
                        seconds(e.getDelay())))
            .build();
    try {
      T value =
          Failsafe.with(policy)
              .get(
                  () -> {
                    attempts.incrementAndGet();
                    try {
                      return attempt.get();
                    } catch (RuntimeException e) {
                      if (e instanceof KubeTimeoutException) {
                        timeouts.incrementAndGet();
                      }
                      last.set(e);
                      throw e;
                    }
                  });
      return new Outcome<>(value, null, attempts.get() - 1, false);
    } catch (FailsafeException e) {
      RuntimeException f =
          e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e);
      return new Outcome<>(null, f, Math.max(0, attempts.get() - 1), deadlineReached.get());
    } catch (RuntimeException e) {
      return new Outcome<>(null, e, Math.max(0, attempts.get() - 1), deadlineReached.get());
    }
  }

  /**
   * Delay before retry number {@code retry} (1-based) after {@code failure}: none after a timeout
   * (the timeout was the wait), else the backoff or a longer Retry-After.
   */
  Duration delayFor(int retry, Throwable failure) {
    if (failure instanceof KubeTimeoutException) {
      return Duration.ZERO;
    }
    long factor = 1L << Math.min(Math.max(retry - 1, 0), 20);
    Duration backoff = baseDelay.multipliedBy(factor);
    if (backoff.compareTo(maxDelay) > 0) {
      backoff = maxDelay;
    }
    if (failure instanceof KubeApiException k && k.retryAfter().isPresent()) {
      Duration ra = k.retryAfter().get();
      if (ra.compareTo(backoff) > 0) {
        return ra;
      }
    }
    return backoff;
  }

  static boolean retryable(Throwable e) {
    return e instanceof KubeTimeoutException
        // a refused server certificate stays refused, a request that cannot be built (an illegal
        // header value) cannot be sent: fail at once, not after the backoff
        || e instanceof KubeIoException io && io.retryable()
        || e instanceof KubeApiException k && k.retryable();
  }

  /** "429 Too Many Requests", "timed out after 15s", "connection refused". */
  static String cause(Throwable e) {
    if (e instanceof KubeApiException k) {
      return k.statusLine();
    }
    if (e instanceof KubeTimeoutException t) {
      return t.what();
    }
    if (e instanceof KubeIoException io) {
      return io.getMessage();
    }
    // ClusterClient's failures are scrubbed already; anything else gets the credential shapes
    return e == null ? "unknown error" : KubeIoException.oneLine(ErrorText.of(e));
  }

  static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
  }
}
