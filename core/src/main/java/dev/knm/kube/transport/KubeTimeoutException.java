package dev.knm.kube.transport;

import java.time.Duration;

/**
 * One attempt of a read did not complete (connect, headers and body) in time: within its request
 * timeout, or within what was left of the command's deadline ({@link #deadline()} is then that
 * deadline's budget). Internal to dev.knm.kube.
 */
public final class KubeTimeoutException extends RuntimeException {
  private final String method;
  private final String path;
  private final Duration timeout;
  private final Duration deadline;

  public KubeTimeoutException(String method, String path, Duration timeout) {
    this(method, path, timeout, null);
  }

  /**
   * @param deadline the budget of the command's deadline when that is what cut the attempt short,
   *     else null
   */
  public KubeTimeoutException(String method, String path, Duration timeout, Duration deadline) {
    super(
        method
            + " "
            + path
            + (deadline == null
                ? " timed out after " + TimeoutTier.format(timeout)
                : " timed out: no answer within the deadline of " + TimeoutTier.format(deadline)));
    this.method = method;
    this.path = path;
    this.timeout = timeout;
    this.deadline = deadline;
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  public Duration timeout() {
    return timeout;
  }

  /** The deadline's budget when the deadline, not the request timeout, ended it; else null. */
  public Duration deadline() {
    return deadline;
  }

  public boolean byDeadline() {
    return deadline != null;
  }

  /** "timed out after 45s", "timed out: no answer within the deadline of 2s". */
  String what() {
    return deadline == null
        ? "timed out after " + TimeoutTier.format(timeout)
        : "timed out: no answer within the deadline of " + TimeoutTier.format(deadline);
  }
}
