package dev.knm.kube.transport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * What an API server answered a write with: the status code, the body (a Status for errors), and
 * the Retry-After it asked for (header or {@code details.retryAfterSeconds}, the larger).
 */
public record ApiResponse(int code, byte[] body, Duration retryAfter) {
  public boolean ok() {
    return code >= 200 && code < 300;
  }

  /** The Status fields of an error body ({@link ApiStatus#NONE} for anything else). */
  public ApiStatus status() {
    return ApiStatus.parse(body);
  }

  public Optional<Duration> retryAfterHint() {
    return Optional.ofNullable(retryAfter);
  }

  /** The server's message for an error, else the status line ("409 Conflict"). */
  public String message() {
    String m = status().message();
    return m == null || m.isBlank() ? code + " " + KubeApiException.reasonPhrase(code) : m;
  }

  @Override
  public String toString() {
    return "ApiResponse[" + code + ", " + new String(body, StandardCharsets.UTF_8) + "]";
  }
}
