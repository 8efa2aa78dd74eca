package dev.knm.kube.transport;

import dev.knm.error.ErrorText;
import dev.knm.error.SecretScrubber;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * What an API server answered a write with: the status code, the body (a Status for errors), and
 * the Retry-After it asked for (header or {@code details.retryAfterSeconds}, the larger).
 */
public record ApiResponse(int code, byte[] body, Duration retryAfter, SecretScrubber scrubber) {
  public boolean ok() {
    return code >= 200 && code < 300;
  }

  /** The Status fields of an error body ({@link ApiStatus#NONE} for anything else). */
  public ApiStatus status() {
    ApiStatus s = ApiStatus.parse(body);
    if (s == ApiStatus.NONE) {
      return s;
    }
    // the server's own words: an API server (or a proxy before it) may echo our headers
    return new ApiStatus(
        s.reason(),
        s.message() == null ? null : ErrorText.line(s.message(), scrubber),
        s.continueToken(),
        s.retryAfterSeconds(),
        s.causes().stream().map(c -> ErrorText.line(c, scrubber)).toList());
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
    return "ApiResponse["
        + code
        + ", "
        + scrubber.scrub(new String(body, StandardCharsets.UTF_8))
        + "]";
  }
}
