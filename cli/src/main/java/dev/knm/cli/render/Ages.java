package dev.knm.cli.render;

import java.time.Duration;
import java.time.Instant;

/** kubectl's short ages: 45s, 12m, 5h, 3d, 2y; "<unknown>" for never. */
public final class Ages {
  private Ages() {}

  public static String since(Instant then, Instant now) {
    if (then == null) {
      return "<unknown>";
    }
    return of(Duration.between(then, now));
  }

  public static String of(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 120) {
      return s + "s";
    }
    long m = s / 60;
    if (m < 10) {
      long rest = s % 60;
      return rest == 0 ? m + "m" : m + "m" + rest + "s";
    }
    if (m < 180) {
      return m + "m";
    }
    long h = m / 60;
    if (h < 48) {
      return h + "h";
    }
    long days = h / 24;
    if (days < 365 * 2) {
      return days + "d";
    }
    return (days / 365) + "y";
  }
}
