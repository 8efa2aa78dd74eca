package dev.knm.fleet;

import dev.knm.error.UsageException;
import java.net.InetAddress;
import java.net.URI;

/**
 * Where a knm instance serves: a host (name, IPv4 or IPv6 literal) and a port. Written {@code
 * host:port}, IPv6 in brackets ({@code [::1]:8080}).
 */
public record InstanceAddress(String host, int port) {
  public InstanceAddress {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("empty host");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /**
   * Parses {@code host:port} or {@code [v6]:port}.
   *
   * @param where what the text came from, for the error message (an option or variable name)
   * @throws UsageException "invalid instance address 'x' in WHERE: expected HOST:PORT"
   */
  public static InstanceAddress parse(String text, String where) {
    String s = text == null ? "" : text.strip();
    String host;
    String port;
    if (s.startsWith("[")) {
      int close = s.indexOf("]:");
      if (close < 0) {
        throw invalid(text, where);
      }
      host = s.substring(1, close);
      port = s.substring(close + 2);
    } else {
      int colon = s.lastIndexOf(':');
      if (colon <= 0 || s.indexOf(':') != colon) {
        throw invalid(text, where);
      }
      host = s.substring(0, colon);
      port = s.substring(colon + 1);
    }
    if (host.isBlank() || !port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
      throw invalid(text, where);
    }
    return new InstanceAddress(host, Integer.parseInt(port));
  }

  /** An address of a resolved IP and a port. */
  public static InstanceAddress of(InetAddress ip, int port) {
    return new InstanceAddress(ip.getHostAddress(), port);
  }

  private static UsageException invalid(String text, String where) {
    return new UsageException(
        "invalid instance address '" + text + "' in " + where + ": expected HOST:PORT");
  }

  /** The URI of {@code path} on this instance. */
  public URI uri(String scheme, String path) {
    return URI.create(scheme + "://" + authority() + path);
  }

  private String authority() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }

  @Override
  public String toString() {
    return authority();
  }
}
