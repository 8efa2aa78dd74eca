package dev.knm.kube.transport;

import dev.knm.error.SecretScrubber;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import javax.net.ssl.SSLException;

/** A read failed below HTTP: refused, reset, DNS, TLS. Internal to dev.knm.kube. */
public final class KubeIoException extends RuntimeException {
  private final String method;
  private final String path;
  private final boolean retryable;
  private final boolean notSent;

  public KubeIoException(String method, String path, IOException cause) {
    this(method, path, cause, SecretScrubber.generic());
  }

  /**
   * A failed read whose message and cause chain hold none of {@code scrubber}'s secrets (the JDK's
   * messages may quote a request header). Retryable unless the server's certificate was refused.
   */
  public KubeIoException(String method, String path, IOException cause, SecretScrubber scrubber) {
    this(
        method,
        path,
        scrubber.scrub(describe(cause)),
        scrubber.scrub(cause),
        !TlsFailure.certificateRefused(cause),
        false);
  }

  private KubeIoException(
      String method,
      String path,
      String message,
      Throwable cause,
      boolean retryable,
      boolean notSent) {
    super(message, cause);
    this.method = method;
    this.path = path;
    this.retryable = retryable;
    this.notSent = notSent;
  }

  /**
   * The request could not even be sent: the JDK refused to build it (an illegal character in a
   * header value, from the credentials). Never retried: it would fail the same way each time.
   */
  static KubeIoException notSent(
      String method, String path, RuntimeException cause, SecretScrubber scrubber) {
    String m = String.valueOf(cause.getMessage());
    String why =
        m.startsWith("Illegal character(s) in message header")
            ? "a header value has illegal characters (check the cluster's credentials)"
            : oneLine(scrubber.scrub(m));
    return new KubeIoException(
        method, path, "request not sent: " + why, scrubber.scrub((Throwable) cause), false, true);
  }

  /** True when the request could not even be built (see {@link #notSent}). */
  public boolean requestNotSent() {
    return notSent;
  }

  /** False for a refused server certificate and a request that could not be sent. */
  public boolean retryable() {
    return retryable;
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  /** A short human cause: "connection refused", "unknown host api.example", "TLS: ...". */
  static String describe(Throwable e) {
    Throwable t = e;
    while (t != null) {
      if (t instanceof HttpConnectTimeoutException) {
        return "connect timed out";
      }
      if (t instanceof ConnectException) {
        return "connection refused";
      }
      if (t instanceof UnknownHostException) {
        return "unknown host " + t.getMessage();
      }
      if (t instanceof SSLException) {
        return "TLS: " + oneLine(t.getMessage());
      }
      t = t.getCause();
    }
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : oneLine(m);
  }

  public static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    String one = s.replaceAll("\\s+", " ").trim();
    return one.length() > 200 ? one.substring(0, 200) + "…" : one;
  }
}
