package dev.knm.kube.transport;

import java.time.Duration;

/** One attempt of a read did not complete (headers and body) in time. Internal to dev.knm.kube. */
public final class KubeTimeoutException extends RuntimeException {
  private final String method;
  private final String path;
  private final Duration timeout;

  public KubeTimeoutException(String method, String path, Duration timeout) {
    super(method + " " + path + " timed out after " + TimeoutTier.format(timeout));
    this.method = method;
    this.path = path;
    this.timeout = timeout;
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
}
