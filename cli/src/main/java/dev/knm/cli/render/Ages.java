package dev.knm.cli.render;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * kubectl's short ages (k8s.io/apimachinery duration.HumanDuration): 45s, 5m30s, 12m, 5h20m, 30h,
 * 3d4h, 300d, 3y20d; "<unknown>" for never.
 */
public final class Ages {
  private Ages() {}

  public static String since(Instant then, Instant now) {
    if (then == null) {
      return "<unknown>";
    }
    return of(Duration.between(then, now));
  }

  /** An RFC 3339 timestamp as the API server sends it; "<unknown>" when absent or malformed. */
  public static String since(String rfc3339, Instant now) {
    if (rfc3339 == null || rfc3339.isEmpty()) {
      return "<unknown>";
    }
    try {
      return since(Instant.parse(rfc3339), now);
    } catch (DateTimeParseException e) {
      return "<unknown>";
    }
  }

  public static String of(Duration d) {
    long s = d.getSeconds();
    if (s < -1) {
      return "<invalid>";
    }
    s = Math.max(0, s);
    if (s < 60 * 2) {
      return s + "s";
    }
    long m = s / 60;
    if (m < 10) {
      long rest = s % 60;
      return rest == 0 ? m + "m" : m + "m" + rest + "s";
    }
    if (m < 60 * 3) {
      return m + "m";
    }
    long h = m / 60;
    if (h < 8) {
      long rest = m % 60;
      return rest == 0 ? h + "h" : h + "h" + rest + "m";
    }
    if (h < 48) {
      return h + "h";
    }
    if (h < 24 * 8) {
      long rest = h % 24;
      return rest == 0 ? (h / 24) + "d" : (h / 24) + "d" + rest + "h";
    }
    if (h < 24 * 365 * 2) {
      return (h / 24) + "d";
    }
    if (h < 24 * 365 * 8) {
      long days = (h / 24) % 365;
      return days == 0 ? (h / 24 / 365) + "y" : (h / 24 / 365) + "y" + days + "d";
    }
    return (h / 24 / 365) + "y";
  }
}
