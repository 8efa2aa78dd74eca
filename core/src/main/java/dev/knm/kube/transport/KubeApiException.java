package dev.knm.kube.transport;

import java.time.Duration;
import java.util.Optional;

/**
 * An API server answered a read with an error status. Internal to dev.knm.kube: services turn it
 * into a {@link dev.knm.error.KnmException} before it reaches the cli.
 */
public final class KubeApiException extends RuntimeException {
  private final String method;
  private final String path;
  private final int code;
  private final String reason;
  private final Duration retryAfter;
  private final String freshContinue;

  public KubeApiException(
      String method,
      String path,
      int code,
      String reason,
      String message,
      Duration retryAfter,
      String freshContinue) {
    super(message);
    this.method = method;
    this.path = path;
    this.code = code;
    this.reason = reason;
    this.retryAfter = retryAfter;
    this.freshContinue = freshContinue;
  }

  public String method() {
    return method;
  }

  /** Path without the query string, e.g. /api/v1/pods. */
  public String path() {
    return path;
  }

  public int code() {
    return code;
  }

  /** Status reason if the server sent one (Expired, NotFound, TooManyRequests...), else null. */
  public String reason() {
    return reason;
  }

  /** From the Retry-After header or the Status details.retryAfterSeconds, the larger of both. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** On 410 Gone for a continue token: the fresh token the server offered (metadata.continue). */
  public Optional<String> freshContinue() {
    return Optional.ofNullable(freshContinue);
  }

  /** "429 Too Many Requests", "500 Internal Server Error": how the status reads in messages. */
  public String statusLine() {
    return code + " " + reasonPhrase(code);
  }

  public boolean retryable() {
    return code == 429 || code >= 500;
  }

  static String reasonPhrase(int code) {
    return switch (code) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 410 -> "Gone";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "HTTP error";
    };
  }
}
