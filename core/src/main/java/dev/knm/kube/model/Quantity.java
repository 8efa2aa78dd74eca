package dev.knm.kube.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes resource quantities: "100m", "1.5", "2", "1Gi", "500M", "1e3", "128974848". Values are
 * exact (BigDecimal); conversions round up, as the API server does.
 */
public final class Quantity {
  private static final Pattern Q =
      Pattern.compile(
          "^([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))"
              + "([eE][+-]?[0-9]+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$");

  private Quantity() {}

  /** The exact value in base units (cores, bytes, devices). */
  public static BigDecimal parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("no quantity");
    }
    Matcher m = Q.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a quantity: " + text);
    }
    BigDecimal n = new BigDecimal(m.group(1));
    String s = m.group(2);
    if (s == null) {
      return n;
    }
    return switch (s) {
      case "Ki" -> n.multiply(BigDecimal.valueOf(1L << 10));
      case "Mi" -> n.multiply(BigDecimal.valueOf(1L << 20));
      case "Gi" -> n.multiply(BigDecimal.valueOf(1L << 30));
      case "Ti" -> n.multiply(BigDecimal.valueOf(1L << 40));
      case "Pi" -> n.multiply(BigDecimal.valueOf(1L << 50));
      case "Ei" -> n.multiply(BigDecimal.valueOf(1L << 60));
      case "n" -> n.scaleByPowerOfTen(-9);
      case "u" -> n.scaleByPowerOfTen(-6);
      case "m" -> n.scaleByPowerOfTen(-3);
      case "k" -> n.scaleByPowerOfTen(3);
      case "M" -> n.scaleByPowerOfTen(6);
      case "G" -> n.scaleByPowerOfTen(9);
      case "T" -> n.scaleByPowerOfTen(12);
      case "P" -> n.scaleByPowerOfTen(15);
      case "E" -> n.scaleByPowerOfTen(18);
      default -> n.scaleByPowerOfTen(Integer.parseInt(s.substring(1)));
    };
  }

  /** CPU in millicores, rounded up: "100m" → 100, "1.5" → 1500, "2" → 2000. */
  public static long cpuMillis(String text) {
    return parse(text).scaleByPowerOfTen(3).setScale(0, RoundingMode.CEILING).longValueExact();
  }

  /** Bytes (or any count), rounded up: "1Gi" → 1073741824, "1.5" → 2. */
  public static long whole(String text) {
    return parse(text).setScale(0, RoundingMode.CEILING).longValueExact();
  }

  /** Millicores as a quantity: whole cores as "16", else "15500m". */
  public static String formatCpu(long millis) {
    return millis % 1000 == 0 ? Long.toString(millis / 1000) : millis + "m";
  }

  /** Bytes as an exact quantity with the largest binary suffix that divides it: "64Gi", "1000". */
  public static String formatBytes(long bytes) {
    String[] suffixes = {"Ei", "Pi", "Ti", "Gi", "Mi", "Ki"};
    for (int i = 0; i < suffixes.length; i++) {
      long unit = 1L << (10 * (6 - i));
      if (bytes != 0 && bytes % unit == 0) {
        return bytes / unit + suffixes[i];
      }
    }
    return Long.toString(bytes);
  }

  /** Like {@link #cpuMillis}, 0 for null or malformed text. */
  public static long cpuMillisOrZero(String text) {
    try {
      return text == null ? 0 : cpuMillis(text);
    } catch (RuntimeException e) {
      return 0;
    }
  }

  /** Like {@link #whole}, 0 for null or malformed text. */
  public static long wholeOrZero(String text) {
    try {
      return text == null ? 0 : whole(text);
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
