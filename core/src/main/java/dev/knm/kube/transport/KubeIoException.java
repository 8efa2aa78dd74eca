package dev.knm.kube.transport;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import javax.net.ssl.SSLException;

/** A read failed below HTTP: refused, reset, DNS, TLS. Internal to dev.knm.kube. */
public final class KubeIoException extends RuntimeException {
  private final String method;
  private final String path;

  public KubeIoException(String method, String path, IOException cause) {
    super(describe(cause), cause);
    this.method = method;
    this.path = path;
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
